package io.cnnstream.service.pipeline;

import static io.cnnstream.service.KafkaTestSupport.record;
import static io.cnnstream.service.KafkaTestSupport.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cnnstream.service.KafkaTestSupport;
import io.cnnstream.service.config.CnnstreamProperties;
import io.cnnstream.service.metrics.PipelineMetrics;
import io.cnnstream.service.model.LoadedModel;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListenerContainer;

import tools.jackson.databind.json.JsonMapper;

/**
 * 12 records in; the pipeline crashes once after publishing the batch holding d-5 and before its
 * commit, and the consumer is stopped and restarted mid-stream. Returns how many results each key got.
 */
final class DeliveryScenario {
    static final int RECORDS = 12;

    private DeliveryScenario() {
    }

    static Map<String, Long> run(String bootstrap, KafkaListenerEndpointRegistry listeners, CrashOnceBatchClassifier classifier,
                                 boolean readCommitted) {
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(bootstrap)) {
            for (int i = 0; i < RECORDS / 2; i++) {
                producer.send(record("images", "d-" + i, sample(i % 2 == 0 ? "chelsea.png" : "coffee.png")));
            }
            producer.flush();
            await().atMost(Duration.ofSeconds(90)).until(classifier.crashed::get);

            MessageListenerContainer container = listeners.getListenerContainer(ClassificationListener.ID);
            container.stop(); // a consumer restart in the middle of the stream
            for (int i = RECORDS / 2; i < RECORDS; i++) {
                producer.send(record("images", "d-" + i, sample("chelsea.png")));
            }
            producer.flush();
            container.start();
        }
        Map<String, Long>[] counts = new Map[1];
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<ConsumerRecord<byte[], byte[]>> results =
                    KafkaTestSupport.read(bootstrap, "classifications", Integer.MAX_VALUE, Duration.ofSeconds(3), readCommitted);
            counts[0] = results.stream().map(KafkaTestSupport::key).filter(k -> k != null && k.startsWith("d-"))
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(counts[0]).hasSize(RECORDS);
        });
        return counts[0];
    }

    @TestConfiguration
    static class CrashOnce {
        @Bean
        @Primary
        CrashOnceBatchClassifier crashOnceBatchClassifier(LoadedModel model, KafkaTemplate<byte[], byte[]> template,
                                                          DeadLetters deadLetters, PipelineMetrics metrics, JsonMapper json,
                                                          CnnstreamProperties properties) {
            return new CrashOnceBatchClassifier(List.of("d-5"), model, template, deadLetters, metrics, json, properties);
        }
    }
}
