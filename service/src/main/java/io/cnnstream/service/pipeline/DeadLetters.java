package io.cnnstream.service.pipeline;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.stereotype.Component;

/**
 * Sends a rejected record to the dead-letter topic through spring-kafka's
 * {@link DeadLetterPublishingRecoverer} (declared in {@code KafkaConfiguration}): original key, value
 * and headers, plus {@code kafka_dlt-*} headers (exception class and message, source topic, partition,
 * offset) and {@value #REASON_HEADER}. Returns once the broker has acknowledged it.
 */
@Component
public class DeadLetters {
    /** Header carrying the rejection reason ({@code malformed}, {@code too-many-pixels}, {@code wrong-shape}, ...). */
    public static final String REASON_HEADER = "cnnstream-reason";

    private final DeadLetterPublishingRecoverer recoverer;

    public DeadLetters(DeadLetterPublishingRecoverer recoverer) {
        this.recoverer = recoverer;
    }

    void publish(ConsumerRecord<byte[], byte[]> record, RecordRejectedException reason) {
        recoverer.accept(record, reason);
    }
}
