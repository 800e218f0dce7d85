package io.cnnstream.service.pipeline;

import io.cnnstream.service.config.CnnstreamProperties;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;

/**
 * The largest dead letter the dead-letter topic takes: its {@code max.message.bytes} (asked of the
 * broker once, at the first dead letter), and never more than the producer's {@code max.request.size}.
 */
@Component
public class DeadLetterLimit {
    private static final Logger log = LoggerFactory.getLogger(DeadLetterLimit.class);

    private final KafkaAdmin admin;
    private final String topic;
    private final int producerLimit;
    private volatile int limit = -1;

    public DeadLetterLimit(KafkaAdmin admin, CnnstreamProperties properties, ProducerFactory<byte[], byte[]> producers) {
        this.admin = admin;
        this.topic = properties.topics().deadLetter();
        Object request = producers.getConfigurationProperties().get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
        this.producerLimit = request == null ? 1_048_576 : Integer.parseInt(request.toString());
    }

    int maxBytes() {
        int known = limit;
        if (known < 0) {
            int topicLimit = topicLimit();
            if (topicLimit < 0) {
                return producerLimit; // asked again at the next dead letter
            }
            known = Math.min(producerLimit, topicLimit);
            limit = known;
        }
        return known;
    }

    private int topicLimit() {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin client = Admin.create(admin.getConfigurationProperties())) {
            Map<ConfigResource, Config> configs = client.describeConfigs(List.of(resource)).all().get(10, TimeUnit.SECONDS);
            ConfigEntry entry = configs.get(resource).get("max.message.bytes");
            int value = Integer.parseInt(entry.value());
            log.info("Dead letters to {} are cut to fit its max.message.bytes={}", topic, value);
            return value;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while asking the broker for " + topic + "'s max.message.bytes", e);
        } catch (Exception e) {
            // the producer's own limit still bounds what is sent; a broker refusal fails the batch, which is retried
            log.warn("Cannot read max.message.bytes of {} ({}); this dead letter is bounded by the producer's {} bytes only",
                    topic, e.toString(), producerLimit);
            return -1;
        }
    }
}
