package io.cnnstream.service.pipeline;

import io.cnnstream.service.config.CnnstreamProperties;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Receives each poll's records as one batch ({@code spring.kafka.listener.type=batch}); the
 * container commits their offsets when this returns (ack mode BATCH), or inside the Kafka
 * transaction in exactly-once mode. Failures propagate to the declared error handler.
 */
@Component
public class ClassificationListener {
    private static final Logger log = LoggerFactory.getLogger(ClassificationListener.class);

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

    @KafkaListener(id = ID, idIsGroup = false, topics = "#{__listener.inputTopic}")
    public void onBatch(List<ConsumerRecord<byte[], byte[]>> records) {
        try {
            classifier.process(records);
        } catch (RuntimeException e) {
            // not a record's fault (those are dead-lettered): the error handler retries the batch with back-off
            log.warn("Batch of {} records from {} failed and will be retried: {}", records.size(),
                    records.isEmpty() ? "-" : records.get(0).topic() + "-" + records.get(0).partition() + "@" + records.get(0).offset(),
                    e.toString());
            throw e;
        }
    }
}
