package io.cnnstream.service.pipeline;

import io.cnnstream.engine.api.Classification;
import io.cnnstream.engine.api.Input;
import io.cnnstream.engine.api.Outcome;
import io.cnnstream.engine.api.Prediction;
import io.cnnstream.service.config.CnnstreamProperties;
import io.cnnstream.service.metrics.PipelineMetrics;
import io.cnnstream.service.model.LoadedModel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

import tools.jackson.databind.json.JsonMapper;

/**
 * The work on one poll's records: map them to the engine's inputs, classify them in batches of at
 * most {@code cnnstream.batch.max-size} (the engine decodes in parallel and runs each batch once),
 * then publish one result per good record (in input order, same key, headers copied) and send each
 * bad record to the dead-letter topic, all sent at once. {@link #classifyAndSend} returns when the
 * records are sent, with a future that completes when the broker has acknowledged every one of them
 * (or fails, at the latest after {@code cnnstream.send-timeout}); {@link #process} waits for it.
 * A failure that is not one record's fault (the broker unreachable) fails the future, and the
 * records are processed again: callers commit offsets only of acknowledged records.
 */
@Component
public class BatchClassifier {
    private static final Logger log = LoggerFactory.getLogger(BatchClassifier.class);

    private final LoadedModel model;
    private final KafkaTemplate<byte[], byte[]> template;
    private final DeadLetters deadLetters;
    private final PipelineMetrics metrics;
    private final JsonMapper json;
    private final CnnstreamProperties properties;

    public BatchClassifier(LoadedModel model, KafkaTemplate<byte[], byte[]> template, DeadLetters deadLetters,
                           PipelineMetrics metrics, JsonMapper json, CnnstreamProperties properties) {
        this.model = model;
        this.template = template;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.json = json;
        this.properties = properties;
    }

    /** Classifies and sends, then waits until every result and dead letter is acknowledged. */
    public void process(List<ConsumerRecord<byte[], byte[]>> records) {
        awaitAcknowledged(classifyAndSend(records));
    }

    /**
     * Classifies and sends; the future completes when the broker has acknowledged every result and
     * dead letter of these records, together within one {@code cnnstream.send-timeout}.
     */
    public CompletableFuture<Void> classifyAndSend(List<ConsumerRecord<byte[], byte[]>> records) {
        metrics.inFlight(records.size());
        List<CompletableFuture<Void>> batches = new ArrayList<>();
        try {
            int max = properties.batch().maxSize();
            for (int from = 0; from < records.size(); from += max) {
                batches.add(classifyAndSendBatch(records.subList(from, Math.min(records.size(), from + max))));
            }
        } catch (RuntimeException e) {
            batches.add(CompletableFuture.failedFuture(e));
        }
        return CompletableFuture.allOf(batches.toArray(CompletableFuture[]::new))
                .orTimeout(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ok, e) -> metrics.inFlight(-records.size()));
    }

    private CompletableFuture<Void> classifyAndSendBatch(List<ConsumerRecord<byte[], byte[]>> records) {
        int n = records.size();
        RecordRejectedException[] rejected = new RecordRejectedException[n];
        Outcome.Classified[] classified = new Outcome.Classified[n];
        List<Input> inputs = new ArrayList<>(n);
        List<Integer> mapped = new ArrayList<>(n);
        long now = System.currentTimeMillis();
        for (int i = 0; i < n; i++) {
            try {
                inputs.add(RecordInputs.of(records.get(i)));
                mapped.add(i);
                metrics.queueWait(now - records.get(i).timestamp());
            } catch (RecordRejectedException e) {
                rejected[i] = e;
            }
        }
        Classification batch = model.classifier().classify(inputs, properties.model().topK());
        if (batch.batchSize() > 0) {
            metrics.batch(batch.batchSize(), batch.inferenceNanos());
        }
        for (int j = 0; j < inputs.size(); j++) {
            Outcome outcome = batch.outcomes().get(j);
            metrics.decoded(outcome.preprocessNanos());
            if (outcome instanceof Outcome.Classified c) {
                classified[mapped.get(j)] = c;
            } else {
                rejected[mapped.get(j)] = RecordRejectedException.of((Outcome.Rejected) outcome);
            }
        }

        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ConsumerRecord<byte[], byte[]> record = records.get(i);
            if (rejected[i] != null) {
                log.debug("dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), rejected[i].getMessage());
                sends.add(deadLetters.publish(record, rejected[i]));
            } else {
                sends.add(template.send(result(record, classified[i].top(), batch.batchSize(), batch.inferenceMillis())));
            }
        }
        return CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).thenRun(() -> {
            for (int i = 0; i < n; i++) {
                if (classified[i] != null) {
                    metrics.classified(records.get(i).timestamp());
                } else {
                    metrics.deadLettered(rejected[i].reason(), records.get(i).timestamp());
                }
            }
        });
    }

    private ProducerRecord<byte[], byte[]> result(ConsumerRecord<byte[], byte[]> in, List<Prediction> top, int batchSize,
                                                  double inferenceMillis) {
        Prediction best = top.get(0);
        ClassificationResult value = new ClassificationResult(
                in.key() == null ? in.topic() + "-" + in.partition() + "@" + in.offset() : new String(in.key(), StandardCharsets.UTF_8),
                best.label(), best.index(), best.probability(),
                top.stream().map(p -> new ClassificationResult.Top(p.index(), p.label(), p.probability())).toList(),
                new ClassificationResult.ModelRef(model.name(), model.digest()),
                new ClassificationResult.Source(in.topic(), in.partition(), in.offset(), in.timestamp()),
                batchSize, Math.round(inferenceMillis * 10) / 10.0);
        RecordHeaders headers = new RecordHeaders();
        for (Header h : in.headers()) {
            if (!h.key().equals(RecordInputs.CONTENT_TYPE) && !h.key().equals(RecordInputs.TENSOR_SHAPE)) {
                headers.add(h);
            }
        }
        headers.add(RecordInputs.CONTENT_TYPE, "application/json".getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(properties.topics().output(), null, in.key(), json.writeValueAsBytes(value), headers);
    }

    private void awaitAcknowledged(CompletableFuture<Void> acknowledged) {
        try {
            acknowledged.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while waiting for results to be acknowledged", e);
        } catch (ExecutionException e) {
            throw failure(e.getCause(), properties);
        }
    }

    /**
     * Why a batch did not finish, as the exception the retry logs: the send timeout named, a Kafka or
     * engine failure as it is (a {@link java.util.concurrent.CompletionException} unwrapped).
     */
    static RuntimeException failure(Throwable cause, CnnstreamProperties properties) {
        if (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof TimeoutException) {
            return new KafkaException("results and dead letters were not acknowledged within cnnstream.send-timeout="
                    + properties.sendTimeout(), cause);
        }
        if (cause instanceof RuntimeException r) {
            return r;
        }
        return new KafkaException("results and dead letters were not acknowledged by the broker: " + cause, cause);
    }
}
