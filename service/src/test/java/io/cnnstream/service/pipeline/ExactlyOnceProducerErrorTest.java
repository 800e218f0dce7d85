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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;

import tools.jackson.databind.json.JsonMapper;

/**
 * Exactly-once, a send the broker refuses puts the transactional producer in an error state: every
 * later send in that transaction fails ("Cannot execute transactional method because we are in an
 * error state"). The batch must be retried in a new transaction, after the failed one is rolled
 * back; retried inside the failed transaction (the at-least-once error handler's in-memory batch
 * retry, as it was) it fails for ever and the partition freezes.
 */
@SpringBootTest(properties = {"cnnstream.batch.max-size=4", "cnnstream.model.name=lenet5", "cnnstream.model.warmup-batches=1",
        "cnnstream.delivery=exactly-once", "cnnstream.instance-id=eos-error", "server.port=0"})
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers",
        brokerProperties = {"transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
@Import(ExactlyOnceProducerErrorTest.RefusedSendOnce.class)
@DirtiesContext
class ExactlyOnceProducerErrorTest {
    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;
    @Autowired
    RefusingOnceBatchClassifier classifier;

    @Test
    void aSendTheBrokerRefusesRollsTheTransactionBackAndTheBatchIsRetriedInANewOne() {
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(bootstrap)) {
            for (int i = 0; i < 6; i++) {
                producer.send(record("images", "e-" + i, sample("chelsea.png")));
            }
        }
        Map<String, Long>[] counts = new Map[1];
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            counts[0] = KafkaTestSupport.read(bootstrap, "classifications", Integer.MAX_VALUE, Duration.ofSeconds(2), true)
                    .stream().map(KafkaTestSupport::key).filter(k -> k != null && k.startsWith("e-"))
                    .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
            assertThat(counts[0]).hasSize(6);
        });
        assertThat(classifier.refused).isTrue();
        assertThat(counts[0].values()).as("each result committed once").allMatch(n -> n == 1);
    }

    /** The real pipeline; the first batch holding e-1 also sends a 2 MB record, which the broker refuses (1 MB limit). */
    static class RefusingOnceBatchClassifier extends BatchClassifier {
        private final KafkaTemplate<byte[], byte[]> template;
        final AtomicBoolean refused = new AtomicBoolean();

        RefusingOnceBatchClassifier(LoadedModel model, KafkaTemplate<byte[], byte[]> template, DeadLetters deadLetters,
                                    PipelineMetrics metrics, JsonMapper json, CnnstreamProperties properties) {
            super(model, template, deadLetters, metrics, json, properties);
            this.template = template;
        }

        @Override
        public CompletableFuture<Void> classifyAndSend(List<ConsumerRecord<byte[], byte[]>> records) {
            boolean poisoned = records.stream().anyMatch(r -> "e-1".equals(KafkaTestSupport.key(r)));
            if (poisoned && refused.compareAndSet(false, true)) {
                return template.send(new ProducerRecord<>("classifications", new byte[2 << 20]))
                        .thenCompose(sent -> super.classifyAndSend(records));
            }
            return super.classifyAndSend(records);
        }
    }

    @TestConfiguration
    static class RefusedSendOnce {
        @Bean
        @Primary
        RefusingOnceBatchClassifier refusingOnceBatchClassifier(LoadedModel model, KafkaTemplate<byte[], byte[]> template,
                                                                DeadLetters deadLetters, PipelineMetrics metrics, JsonMapper json,
                                                                CnnstreamProperties properties) {
            return new RefusingOnceBatchClassifier(model, template, deadLetters, metrics, json, properties);
        }
    }
}
