package io.cnnstream.service.pipeline;

import io.cnnstream.service.config.CnnstreamProperties;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.ConsumerSeekAware;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

/**
 * The at-least-once listener: receives each poll's records as one batch
 * ({@code spring.kafka.listener.type=batch}, ack mode MANUAL) and hands them to the {@link Pipeline},
 * which acknowledges them once their results and dead letters are acknowledged. In exactly-once
 * mode {@link TransactionalListener} takes its place, under the same container id.
 */
@Component
@ConditionalOnProperty(name = "cnnstream.delivery", havingValue = "at-least-once", matchIfMissing = true)
public class ClassificationListener implements ConsumerSeekAware {
    /** The listener container's id, for health and lifecycle. */
    public static final String ID = "classifier";

    private final Pipeline pipeline;
    private final String inputTopic;

    public ClassificationListener(Pipeline pipeline, CnnstreamProperties properties) {
        this.pipeline = pipeline;
        this.inputTopic = properties.topics().input();
    }

    /** {@code cnnstream.topics.input}, read by the annotation below through {@code __listener}. */
    public String getInputTopic() {
        return inputTopic;
    }

    @KafkaListener(id = ID, idIsGroup = false, topics = "#{__listener.inputTopic}")
    public void onBatch(List<ConsumerRecord<byte[], byte[]>> records, Acknowledgment ack, Consumer<?, ?> consumer) {
        pipeline.submit(records, ack, consumer);
    }

    /** Called on the consumer thread when no records came for the container's idle interval. */
    @Override
    public void onIdleContainer(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        pipeline.idle(callback::seek);
    }
}
