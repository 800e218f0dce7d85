package io.cnnstream.service.pipeline;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
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

    /** Header of a dead letter whose value was cut to fit the dead-letter topic: what was dropped. */
    public static final String TRUNCATED_HEADER = "cnnstream-truncated";

    /** Room left for the headers spring-kafka adds (exception, stack trace, origin) and the record's overhead. */
    static final int HEADER_ROOM = 64 * 1024;
    /** How much of an oversized value a truncated dead letter keeps (its first bytes tell the format). */
    static final int KEPT_BYTES = 1024;

    private final Recoverer recoverer;
    private final DeadLetterLimit limit;

    public DeadLetters(Recoverer recoverer, DeadLetterLimit limit) {
        this.recoverer = recoverer;
        this.limit = limit;
    }

    /**
     * Sends the dead letter; the future completes when the broker has acknowledged it. A record too
     * large for the dead-letter topic goes with its first {@value #KEPT_BYTES} bytes and a
     * {@value #TRUNCATED_HEADER} header instead: a dead letter the topic refuses would fail the
     * batch on every retry and stall the partition for ever.
     */
    CompletableFuture<?> publish(ConsumerRecord<byte[], byte[]> record, RecordRejectedException reason) {
        long size = sizeOf(record);
        int max = limit.maxBytes();
        if (size + HEADER_ROOM <= max) {
            return recoverer.send(record, reason);
        }
        byte[] value = record.value() == null ? null : Arrays.copyOf(record.value(), Math.min(KEPT_BYTES, record.value().length));
        RecordHeaders headers = new RecordHeaders(record.headers().toArray());
        headers.add(TRUNCATED_HEADER, ("value of " + (record.value() == null ? 0 : record.value().length) + " bytes cut to "
                + (value == null ? 0 : value.length) + ": the record does not fit the dead-letter topic's limit of " + max
                + " bytes").getBytes(StandardCharsets.UTF_8));
        ConsumerRecord<byte[], byte[]> cut = new ConsumerRecord<>(record.topic(), record.partition(), record.offset(),
                record.timestamp(), record.timestampType(), record.serializedKeySize(), value == null ? -1 : value.length,
                record.key(), value, headers, record.leaderEpoch());
        return recoverer.send(cut, reason);
    }

    private static long sizeOf(ConsumerRecord<byte[], byte[]> record) {
        long size = (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
        for (Header h : record.headers()) {
            size += h.key().length() + (h.value() == null ? 0 : h.value().length);
        }
        return size;
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
