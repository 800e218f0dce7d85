package io.cnnstream.service.pipeline;

import io.cnnstream.engine.api.Classifier;
import io.cnnstream.engine.api.Prediction;
import io.cnnstream.engine.tensor.Tensor;
import io.cnnstream.service.config.CnnstreamProperties;
import io.cnnstream.service.metrics.PipelineMetrics;
import io.cnnstream.service.model.LoadedModel;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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
 * The pipeline for one poll's records: decode and preprocess them in parallel into one NCHW batch
 * (at most {@code cnnstream.batch.max-size}), run the model once, then publish one result per good
 * record (in input order, same key, headers copied) and send each bad record to the dead-letter
 * topic. Returns only when the broker has acknowledged every result and dead letter, so the
 * container commits offsets of finished records only. A failure that is not one record's fault
 * (the broker unreachable) is thrown, and the error handler retries the batch with back-off.
 */
@Component
public class BatchClassifier {
    private static final Logger log = LoggerFactory.getLogger(BatchClassifier.class);

    private final LoadedModel model;
    private final RecordInputs inputs;
    private final KafkaTemplate<byte[], byte[]> template;
    private final DeadLetters deadLetters;
    private final PipelineMetrics metrics;
    private final JsonMapper json;
    private final CnnstreamProperties properties;

    public BatchClassifier(LoadedModel model, KafkaTemplate<byte[], byte[]> template, DeadLetters deadLetters,
                           PipelineMetrics metrics, JsonMapper json, CnnstreamProperties properties) {
        this.model = model;
        this.inputs = new RecordInputs(model.preprocessor(), model.inputShape());
        this.template = template;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.json = json;
        this.properties = properties;
    }

    public void process(List<ConsumerRecord<byte[], byte[]>> records) {
        metrics.inFlight(records.size());
        try {
            int max = properties.batch().maxSize();
            for (int from = 0; from < records.size(); from += max) {
                processBatch(records.subList(from, Math.min(records.size(), from + max)));
            }
        } finally {
            metrics.inFlight(-records.size());
        }
    }

    private void processBatch(List<ConsumerRecord<byte[], byte[]>> records) {
        int n = records.size(), sample = model.inputShape().intSize();
        float[] data = new float[n * sample];
        RecordRejectedException[] rejected = new RecordRejectedException[n];
        Classifier classifier = model.classifier();
        classifier.pool().parallelFor(n, i -> {
            long start = System.nanoTime();
            try {
                inputs.read(records.get(i), data, i * sample);
            } catch (RecordRejectedException e) {
                rejected[i] = e;
            } catch (RuntimeException e) {
                rejected[i] = new RecordRejectedException("internal", "preprocessing failed: " + e, e);
            }
            metrics.decoded(System.nanoTime() - start);
        });

        List<Integer> accepted = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (rejected[i] == null) {
                System.arraycopy(data, i * sample, data, accepted.size() * sample, sample);
                accepted.add(i);
            }
        }
        List<List<Prediction>> tops = List.of();
        double inferenceMillis = 0;
        if (!accepted.isEmpty()) {
            long now = System.currentTimeMillis();
            for (int i : accepted) {
                metrics.queueWait(now - records.get(i).timestamp());
            }
            Tensor batch = Tensor.of(model.inputShape().withBatch(accepted.size()),
                    accepted.size() == n ? data : Arrays.copyOf(data, accepted.size() * sample));
            long start = System.nanoTime();
            Tensor probabilities = classifier.probabilities(batch);
            long nanos = System.nanoTime() - start;
            metrics.batch(accepted.size(), nanos);
            inferenceMillis = nanos / 1e6;
            tops = Classifier.top(probabilities, properties.model().topK(), model.labels());
        }

        List<CompletableFuture<?>> sends = new ArrayList<>();
        int row = 0;
        for (int i = 0; i < n; i++) {
            ConsumerRecord<byte[], byte[]> record = records.get(i);
            if (rejected[i] != null) {
                log.debug("dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), rejected[i].getMessage());
                deadLetters.publish(record, rejected[i]); // waits for the broker's acknowledgement
                metrics.deadLettered(rejected[i].reason(), record.timestamp());
            } else {
                sends.add(template.send(result(record, tops.get(row++), accepted.size(), inferenceMillis)));
            }
        }
        awaitAcknowledged(sends);
        for (int i : accepted) {
            metrics.classified(records.get(i).timestamp());
        }
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

    private void awaitAcknowledged(List<CompletableFuture<?>> sends) {
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(properties.sendTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while waiting for results to be acknowledged", e);
        } catch (ExecutionException e) {
            throw new KafkaException("results were not acknowledged by the broker: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("results were not acknowledged within cnnstream.send-timeout="
                    + properties.sendTimeout(), e);
        }
    }
}
