package io.cnnstream.service.pipeline;

import static io.cnnstream.service.KafkaTestSupport.header;
import static io.cnnstream.service.KafkaTestSupport.key;
import static io.cnnstream.service.KafkaTestSupport.record;
import static io.cnnstream.service.KafkaTestSupport.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cnnstream.service.KafkaTestSupport;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;

/**
 * An undecodable record that fits the input topic but whose dead letter (value plus spring-kafka's
 * headers) would not fit the dead-letter topic: it used to fail its batch on every retry and stall
 * the partition for ever; now it is dead-lettered cut to its first bytes, and the records after it
 * are classified.
 */
@SpringBootTest(properties = {"cnnstream.batch.max-size=4", "cnnstream.model.warmup-batches=1", "cnnstream.workers=2"})
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers",
        brokerProperties = "message.max.bytes=200000")
@DirtiesContext
class OversizedDeadLetterTest {
    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;

    @Test
    void aDeadLetterTooLargeForItsTopicIsCutAndThePartitionMovesOn() throws Exception {
        byte[] huge = new byte[199_000];
        Arrays.fill(huge, (byte) 7);
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(bootstrap)) {
            producer.send(record("images", "huge", huge)).get(); // both fit the broker's 200,000 bytes
            producer.send(record("images", "after", sample("rocket.jpg"))).get();
        }
        Map<String, ConsumerRecord<byte[], byte[]>> dead = new HashMap<>(), results = new HashMap<>();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            KafkaTestSupport.read(bootstrap, "images.DLT", Integer.MAX_VALUE, Duration.ofSeconds(2), false)
                    .forEach(r -> dead.put(key(r), r));
            KafkaTestSupport.read(bootstrap, "classifications", Integer.MAX_VALUE, Duration.ofSeconds(2), false)
                    .forEach(r -> results.put(key(r), r));
            assertThat(dead).containsKey("huge");
            assertThat(results).containsKey("after");
        });
        ConsumerRecord<byte[], byte[]> cut = dead.get("huge");
        assertThat(cut.value()).hasSize(DeadLetters.KEPT_BYTES);
        assertThat(header(cut, DeadLetters.REASON_HEADER)).isEqualTo("unknown-format");
        assertThat(header(cut, DeadLetters.TRUNCATED_HEADER)).startsWith("value of 199000 bytes cut to 1024: the record "
                + "does not fit the dead-letter topic's limit of 200000 bytes");
    }
}
