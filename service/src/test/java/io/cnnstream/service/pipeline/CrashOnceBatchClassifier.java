package io.cnnstream.service.pipeline;

import io.cnnstream.service.KafkaTestSupport;
import io.cnnstream.service.config.CnnstreamProperties;
import io.cnnstream.service.metrics.PipelineMetrics;
import io.cnnstream.service.model.LoadedModel;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.core.KafkaTemplate;

import tools.jackson.databind.json.JsonMapper;

/**
 * The real pipeline, failing once for each crash key right after the batch holding it was fully
 * published and acknowledged, before the container commits its offsets: the worst moment for a crash.
 */
class CrashOnceBatchClassifier extends BatchClassifier {
    private final Set<String> crashKeys = ConcurrentHashMap.newKeySet();
    /** Set at the first crash. */
    final AtomicBoolean crashed = new AtomicBoolean();

    CrashOnceBatchClassifier(Collection<String> crashKeys, LoadedModel model, KafkaTemplate<byte[], byte[]> template,
                             DeadLetters deadLetters, PipelineMetrics metrics, JsonMapper json, CnnstreamProperties properties) {
        super(model, template, deadLetters, metrics, json, properties);
        this.crashKeys.addAll(crashKeys);
    }

    @Override
    public CompletableFuture<Void> classifyAndSend(List<ConsumerRecord<byte[], byte[]>> records) {
        String crashKey = records.stream().map(KafkaTestSupport::key).filter(crashKeys::remove).findFirst().orElse(null);
        return super.classifyAndSend(records).thenRun(() -> {
            if (crashKey != null) {
                crashed.set(true);
                throw new IllegalStateException("simulated crash after the results of " + crashKey + " were sent, before the commit");
            }
        });
    }
}
