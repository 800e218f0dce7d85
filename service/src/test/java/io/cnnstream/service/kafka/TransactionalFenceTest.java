package io.cnnstream.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.cnnstream.service.CnnstreamApplication;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A killed exactly-once instance leaves a transaction open on the output topic, which holds back
 * every read_committed reader. Its successor (same {@code cnnstream.instance-id}) must fence it and
 * abort that transaction at start-up, before and without consuming anything.
 */
class TransactionalFenceTest {
    private static final TopicPartition RESULTS = new TopicPartition("classifications", 0);

    @Test
    void startUpFencesThePreviousIncarnationAndAbortsItsOpenTransaction() throws Exception {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, "images", "classifications", "images.DLT");
        broker.brokerProperties(Map.of("transaction.state.log.replication.factor", "1", "transaction.state.log.min.isr", "1"));
        broker.afterPropertiesSet();
        String bootstrap = broker.getBrokersAsString();
        KafkaProducer<byte[], byte[]> predecessor = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "cnnstream-fence-test-0"), new ByteArraySerializer(), new ByteArraySerializer());
        try {
            predecessor.initTransactions();
            predecessor.beginTransaction();
            predecessor.send(new ProducerRecord<>("classifications", "left-open".getBytes(StandardCharsets.UTF_8),
                    "{}".getBytes(StandardCharsets.UTF_8))).get();
            assertThat(lastStableOffset(bootstrap)).as("the open transaction holds read_committed readers at its start").isZero();

            try (ConfigurableApplicationContext service = new SpringApplicationBuilder(CnnstreamApplication.class).run(
                    "--spring.kafka.bootstrap-servers=" + bootstrap, "--server.port=0", "--cnnstream.delivery=exactly-once",
                    "--cnnstream.instance-id=fence-test", "--cnnstream.model.name=lenet5", "--cnnstream.model.warmup-batches=1")) {
                // nothing was consumed (the input is empty): the fence alone aborted the transaction
                await().atMost(Duration.ofSeconds(10)).until(() -> lastStableOffset(bootstrap) == 2); // the record and the abort marker
                assertThatThrownBy(predecessor::commitTransaction).isInstanceOf(KafkaException.class);
            }
        } finally {
            predecessor.close(Duration.ZERO);
            broker.destroy();
        }
    }

    /** What a read_committed reader can read up to: the first offset of the oldest open transaction, or the end. */
    private static long lastStableOffset(String bootstrap) {
        try (KafkaConsumer<byte[], byte[]> reader = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            return reader.endOffsets(List.of(RESULTS)).get(RESULTS);
        }
    }
}
