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

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
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
 * The pipeline's failure path: a poll that fails after its results were sent is read again, both
 * when it was the last poll (the idle container rewinds it) and in the middle of a stream (the next
 * poll does), and afterwards the pipeline runs on: every offset gets committed and nothing repeats.
 */
@SpringBootTest(properties = {"cnnstream.batch.max-size=2", "cnnstream.model.name=lenet5", "cnnstream.model.warmup-batches=1",
        "cnnstream.workers=2", "server.port=0"})
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@Import(PipelineRewindTest.Crashes.class)
@DirtiesContext
class PipelineRewindTest {
    private static final TopicPartition INPUT = new TopicPartition("images", 0);

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;
    @Autowired
    CrashOnceBatchClassifier classifier;

    @Test
    void aFailedPollIsReadAgainAndThePipelineRunsOn() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(bootstrap);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            send(producer, "a", 6); // a-5 is in the last poll: nothing comes after it
            await().atMost(Duration.ofSeconds(60)).until(() -> committed(admin) == 6);
            assertThat(classifier.crashed).isTrue();

            send(producer, "b", 10); // b-3 fails with polls behind it
            await().atMost(Duration.ofSeconds(60)).until(() -> committed(admin) == 16);

            Map<String, Long> counts = results();
            assertThat(counts).hasSize(16);
            assertThat(counts.get("a-5")).as("the failed last poll was read again").isGreaterThanOrEqualTo(2);
            assertThat(counts.get("b-3")).as("the failed poll in the stream was read again").isGreaterThanOrEqualTo(2);
            // polls before a failure are never repeated: their offsets were committed first
            assertThat(counts.get("a-0")).isEqualTo(1);
            assertThat(counts.get("b-0")).isEqualTo(1);

            Thread.sleep(3000); // a pipeline still failing would keep rewinding and repeating results
            assertThat(results()).isEqualTo(counts);
            assertThat(committed(admin)).isEqualTo(16);
        }
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String prefix, int n) {
        for (int i = 0; i < n; i++) {
            producer.send(record("images", prefix + "-" + i, sample("chelsea.png")));
        }
        producer.flush();
    }

    private Map<String, Long> results() {
        return KafkaTestSupport.read(bootstrap, "classifications", Integer.MAX_VALUE, Duration.ofSeconds(3), false).stream()
                .map(KafkaTestSupport::key)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    private static long committed(Admin admin) throws Exception {
        OffsetAndMetadata offset = admin.listConsumerGroupOffsets("cnnstream").partitionsToOffsetAndMetadata().get().get(INPUT);
        return offset == null ? -1 : offset.offset();
    }

    @TestConfiguration
    static class Crashes {
        @Bean
        @Primary
        CrashOnceBatchClassifier crashingBatchClassifier(LoadedModel model, KafkaTemplate<byte[], byte[]> template,
                                                         DeadLetters deadLetters, PipelineMetrics metrics, JsonMapper json,
                                                         CnnstreamProperties properties) {
            return new CrashOnceBatchClassifier(List.of("a-5", "b-3"), model, template, deadLetters, metrics, json, properties);
        }
    }
}
