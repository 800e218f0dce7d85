package io.cnnstream.service.pipeline;

import static io.cnnstream.service.KafkaTestSupport.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cnnstream.engine.train.Mnist;
import io.cnnstream.service.KafkaTestSupport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The output topic missing (deleted, or never created) on a broker that does not create topics:
 * a send waits the producer's {@code max.block.ms} for it and is refused, and the poll-interval
 * rule counts that wait once a poll, so a poll must give up at its first refused send rather than
 * wait once per record; its records stay uncommitted and are answered once the topic exists.
 * {@code bin/chaos} deletes the topic under load and creates it again.
 */
@SpringBootTest(properties = {"cnnstream.model.name=lenet5", "cnnstream.model.warmup-batches=1", "cnnstream.workers=2",
        "cnnstream.topics.create=false", "cnnstream.send-timeout=5s", "spring.kafka.producer.properties.max.block.ms=1000"})
@EmbeddedKafka(partitions = 1, topics = {"images", "images.DLT"}, bootstrapServersProperty = "spring.kafka.bootstrap-servers",
        brokerProperties = "auto.create.topics.enable=false")
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MissingOutputTopicTest {
    private static final int RECORDS = 16;
    private static final Duration MAX_BLOCK = Duration.ofSeconds(1);

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;
    @Autowired
    BatchClassifier classifier;

    @Test
    @Order(1)
    void aPollGivesUpAtItsFirstSendTheMissingTopicRefuses() {
        List<ConsumerRecord<byte[], byte[]>> poll = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            poll.add(new ConsumerRecord<>("images", 0, i, ("direct-" + i).getBytes(StandardCharsets.UTF_8), Mnist.png(Mnist.TRAIN + i)));
        }
        long start = System.nanoTime();
        CompletableFuture<Void> acknowledged = classifier.classifyAndSend(poll);
        Throwable failure = acknowledged.handle((ok, e) -> e).join();
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(failure).as("no result can be acknowledged").isNotNull();
        assertThat(failure).hasStackTraceContaining("Topic classifications not present in metadata");
        // one max.block.ms and a LeNet-5 batch; once per record would be 16 x max.block.ms
        assertThat(took).isLessThan(MAX_BLOCK.multipliedBy(4));
    }

    @Test
    @Order(2)
    void recordsStayUncommittedUntilTheOutputTopicExistsAndAreAnsweredOnce() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(bootstrap)) {
            for (int i = 0; i < RECORDS; i++) {
                producer.send(record("images", "digit-" + i, Mnist.png(Mnist.TRAIN + i))).get();
            }
        }
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Thread.sleep(6_000); // the pipeline fails, rewinds and backs off a few times meanwhile
            assertThat(committed(admin)).as("nothing committed while no result could be written").isZero();

            admin.createTopics(List.of(new NewTopic("classifications", 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(committed(admin)).isEqualTo(RECORDS));
        }
        Map<String, Long> answers = KafkaTestSupport.read(bootstrap, "classifications", Integer.MAX_VALUE, Duration.ofSeconds(10), false)
                .stream().map(KafkaTestSupport::key).collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
        assertThat(answers).hasSize(RECORDS).allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1));
        assertThat(answers.keySet()).allMatch(k -> k.startsWith("digit-"));
    }

    private static long committed(Admin admin) throws Exception {
        OffsetAndMetadata offset = admin.listConsumerGroupOffsets("cnnstream").partitionsToOffsetAndMetadata().get()
                .get(new TopicPartition("images", 0));
        return offset == null ? 0 : offset.offset();
    }
}
