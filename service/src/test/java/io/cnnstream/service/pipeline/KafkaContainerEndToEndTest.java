package io.cnnstream.service.pipeline;

import static io.cnnstream.service.KafkaTestSupport.record;
import static io.cnnstream.service.KafkaTestSupport.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cnnstream.service.EnabledIfDockerReachable;
import io.cnnstream.service.KafkaTestSupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same pipeline against the official Kafka image in a container. Skipped where Docker is
 * absent (as on the project's build machines); {@link ServiceEndToEndTest} covers the same ground
 * on the embedded broker everywhere.
 */
@EnabledIfDockerReachable
@Testcontainers(disabledWithoutDocker = true)
@SpringBootTest(properties = {"cnnstream.batch.max-size=4", "cnnstream.model.warmup-batches=1", "server.port=0"})
@DirtiesContext
class KafkaContainerEndToEndTest {
    @Container
    static final KafkaContainer KAFKA = new KafkaContainer("apache/kafka:4.1.1");

    @DynamicPropertySource
    static void kafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", KAFKA::getBootstrapServers);
    }

    @Test
    void photoInResultOutBadImageToDeadLetters() {
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(KAFKA.getBootstrapServers())) {
            producer.send(record("images", "tc-cat", sample("chelsea.png")));
            producer.send(record("images", "tc-bad", "garbage".getBytes(StandardCharsets.UTF_8)));
        }
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> {
            List<ConsumerRecord<byte[], byte[]>> results =
                    KafkaTestSupport.read(KAFKA.getBootstrapServers(), "classifications", 1, Duration.ofSeconds(5), false);
            assertThat(results).extracting(KafkaTestSupport::key).contains("tc-cat");
            List<ConsumerRecord<byte[], byte[]>> dead =
                    KafkaTestSupport.read(KAFKA.getBootstrapServers(), "images.DLT", 1, Duration.ofSeconds(5), false);
            assertThat(dead).extracting(r -> KafkaTestSupport.header(r, DeadLetters.REASON_HEADER)).contains("unknown-format");
        });
    }
}
