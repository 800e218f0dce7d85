package io.cnnstream.service.health;

import io.cnnstream.service.pipeline.ClassificationListener;

import java.util.Collection;

import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/** Ready only while the consumer holds partitions of the input topic (part of the readiness group). */
@Component("kafkaAssignment")
public class AssignmentHealthIndicator implements HealthIndicator {
    private final KafkaListenerEndpointRegistry registry;

    public AssignmentHealthIndicator(KafkaListenerEndpointRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Health health() {
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
