package io.cnnstream.service.health;

import io.cnnstream.service.pipeline.ClassificationListener;

import java.util.Collection;

import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.event.ConsumerStoppedEvent;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Ready only while the consumer holds partitions of the input topic (part of the readiness group).
 * A broker that refuses the instance's credentials or certificate stops the consumer for good
 * (spring-kafka's default with no auth retry interval): the instance then stays DOWN, saying why,
 * rather than retrying in a loop that looks like a slow start.
 */
@Component("kafkaAssignment")
public class AssignmentHealthIndicator implements HealthIndicator {
    static final String REFUSED = "the broker refused this instance (authentication or authorization failed: credentials,"
            + " certificate or ACLs); the consumer has stopped and the instance stays not ready until it is restarted with"
            + " working spring.kafka.security/ssl/properties.sasl.* settings";
    private static final Logger log = LoggerFactory.getLogger(AssignmentHealthIndicator.class);

    private final KafkaListenerEndpointRegistry registry;
    private volatile boolean refused;

    public AssignmentHealthIndicator(KafkaListenerEndpointRegistry registry) {
        this.registry = registry;
    }

    @EventListener
    void consumerStopped(ConsumerStoppedEvent event) {
        if (event.getReason() == ConsumerStoppedEvent.Reason.AUTH) {
            refused = true;
            log.error("Kafka: {}", REFUSED);
        }
    }

    @Override
    public Health health() {
        if (refused) {
            return Health.down().withDetail("reason", REFUSED).build();
        }
        MessageListenerContainer container = registry.getListenerContainer(ClassificationListener.ID);
        if (container == null || !container.isRunning()) {
            return Health.outOfService().withDetail("reason", "listener container not running").build();
        }
        Collection<TopicPartition> assigned = container.getAssignedPartitions();
        if (assigned == null || assigned.isEmpty()) {
            return Health.outOfService().withDetail("reason", "no partitions assigned yet").build();
        }
        return Health.up().withDetail("partitions", assigned.stream().map(TopicPartition::toString).sorted().toList()).build();
    }
}
