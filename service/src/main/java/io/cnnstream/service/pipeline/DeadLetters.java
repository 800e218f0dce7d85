package io.cnnstream.service.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.SendResult;
import org.springframework.stereotype.Component;

/**
 * Sends a rejected record to the dead-letter topic through spring-kafka's
 * {@link DeadLetterPublishingRecoverer} (declared in {@code KafkaConfiguration}): original key, value
 * and headers, plus {@code kafka_dlt-*} headers (exception class and message, source topic, partition,
 * offset) and {@value #REASON_HEADER}. Returns the send's future without waiting for it, so that a
 * batch's dead letters and results are awaited together, within one {@code cnnstream.send-timeout}.
 */
@Component
public class DeadLetters {
    /** Header carrying the rejection reason ({@code malformed}, {@code too-many-pixels}, {@code wrong-shape}, ...). */
    public static final String REASON_HEADER = "cnnstream-reason";

    private final Recoverer recoverer;

    public DeadLetters(Recoverer recoverer) {
        this.recoverer = recoverer;
    }

    /** Sends the dead letter; the future completes when the broker has acknowledged it. */
    CompletableFuture<?> publish(ConsumerRecord<byte[], byte[]> record, RecordRejectedException reason) {
        return recoverer.send(record, reason);
    }

    /**
     * spring-kafka's recoverer, whose {@code verifySendResult} (its wait for the acknowledgement)
     * hands the future to the caller instead of blocking on it, one dead letter after the other.
     */
    public static final class Recoverer extends DeadLetterPublishingRecoverer {
        private final ThreadLocal<List<CompletableFuture<?>>> collected = new ThreadLocal<>();

        public Recoverer(KafkaOperations<?, ?> template,
                         BiFunction<ConsumerRecord<?, ?>, Exception, TopicPartition> destination) {
            super(template, destination);
        }

        CompletableFuture<?> send(ConsumerRecord<byte[], byte[]> record, Exception reason) {
            List<CompletableFuture<?>> sends = new ArrayList<>(1);
            collected.set(sends);
            try {
                accept(record, reason);
            } finally {
                collected.remove();
            }
            if (sends.size() != 1) {
                throw new IllegalStateException("the dead letter of " + record.topic() + "-" + record.partition() + "@"
                        + record.offset() + " was not sent");
            }
            return sends.get(0);
        }

        @Override
        protected void verifySendResult(KafkaOperations<Object, Object> template, ProducerRecord<Object, Object> out,
                                        CompletableFuture<SendResult<Object, Object>> sendResult, ConsumerRecord<?, ?> in) {
            List<CompletableFuture<?>> sends = collected.get();
            if (sends == null) {
                super.verifySendResult(template, out, sendResult, in);
            } else {
                sends.add(sendResult);
            }
        }
    }
}
