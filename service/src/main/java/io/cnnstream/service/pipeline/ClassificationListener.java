package io.cnnstream.service.pipeline;

import io.cnnstream.service.config.CnnstreamProperties;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Receives each poll's records as one batch ({@code spring.kafka.listener.type=batch}); the
 * container commits their offsets when this returns (ack mode BATCH), or inside the Kafka
 * transaction in exactly-once mode. Failures propagate to the declared error handler.
 */
@Component
public class ClassificationListener {
    /** The listener container's id, for health and lifecycle. */
    public static final String ID = "classifier";

    private final BatchClassifier classifier;
    private final String inputTopic;

    public ClassificationListener(BatchClassifier classifier, CnnstreamProperties properties) {
        this.classifier = classifier;
        this.inputTopic = properties.topics().input();
    }

    /** {@code cnnstream.topics.input}, read by the annotation below through {@code __listener}. */
    public String getInputTopic() {
        return inputTopic;
    }

    @KafkaListener(id = ID, topics = "#{__listener.inputTopic}")
    public void onBatch(List<ConsumerRecord<byte[], byte[]>> records) {
        classifier.process(records);
    }
}
