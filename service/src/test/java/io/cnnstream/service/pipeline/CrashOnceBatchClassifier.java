package io.cnnstream.service.pipeline;

import io.cnnstream.service.KafkaTestSupport;
import io.cnnstream.service.config.CnnstreamProperties;
import io.cnnstream.service.metrics.PipelineMetrics;
import io.cnnstream.service.model.LoadedModel;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.core.KafkaTemplate;

import tools.jackson.databind.json.JsonMapper;

/**
 * The real pipeline, failing once right after the batch holding {@code crashKey} was fully
 * published and acknowledged, before the container commits its offsets: the worst moment for a crash.
 */
class CrashOnceBatchClassifier extends BatchClassifier {
    private final String crashKey;
    final AtomicBoolean crashed = new AtomicBoolean();

    CrashOnceBatchClassifier(String crashKey, LoadedModel model, KafkaTemplate<byte[], byte[]> template,
                             DeadLetters deadLetters, PipelineMetrics metrics, JsonMapper json, CnnstreamProperties properties) {
        super(model, template, deadLetters, metrics, json, properties);
        this.crashKey = crashKey;
    }

    @Override
    public void process(List<ConsumerRecord<byte[], byte[]>> records) {
        super.process(records);
        boolean holdsKey = records.stream().anyMatch(r -> crashKey.equals(KafkaTestSupport.key(r)));
        if (holdsKey && crashed.compareAndSet(false, true)) {
            throw new IllegalStateException("simulated crash after the results of " + crashKey + " were sent, before the commit");
        }
    }
}
