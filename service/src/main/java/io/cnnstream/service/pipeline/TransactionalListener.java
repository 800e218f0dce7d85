package io.cnnstream.service.pipeline;

import io.cnnstream.service.config.CnnstreamProperties;

import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The exactly-once listener: each poll's records ({@code spring.kafka.listener.type=batch}) are
 * classified, and their results, dead letters and offsets committed in one Kafka transaction that
 * the container opens around this call (ack mode BATCH). Not pipelined: a transaction belongs to
 * the call, so the next poll waits for it. A failure rolls the transaction back; the
 * after-rollback processor seeks back and retries the batch, with back-off, in a new transaction.
 */
@Component
@ConditionalOnProperty(name = "cnnstream.delivery", havingValue = "exactly-once")
public class TransactionalListener {
    private static final Logger log = LoggerFactory.getLogger(TransactionalListener.class);

    private final BatchClassifier classifier;
    private final String inputTopic;

    public TransactionalListener(BatchClassifier classifier, CnnstreamProperties properties) {
        this.classifier = classifier;
        this.inputTopic = properties.topics().input();
    }

    /** {@code cnnstream.topics.input}, read by the annotation below through {@code __listener}. */
    public String getInputTopic() {
        return inputTopic;
    }

    @KafkaListener(id = ClassificationListener.ID, idIsGroup = false, topics = "#{__listener.inputTopic}")
    public void onBatch(List<ConsumerRecord<byte[], byte[]>> records) {
        try {
            classifier.process(records);
        } catch (RuntimeException e) {
            // not a record's fault (those are dead-lettered): the transaction rolls back and the batch is retried with back-off
            log.warn("Batch of {} records from {} failed and will be retried: {}", records.size(),
                    records.isEmpty() ? "-" : records.get(0).topic() + "-" + records.get(0).partition() + "@" + records.get(0).offset(),
                    e.toString());
            throw e;
        }
    }
}
