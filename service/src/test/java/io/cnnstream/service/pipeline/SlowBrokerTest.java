package io.cnnstream.service.pipeline;

import static io.cnnstream.service.KafkaTestSupport.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.cnnstream.service.KafkaTestSupport;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.quota.ClientQuotaAlteration;
import org.apache.kafka.common.quota.ClientQuotaEntity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;

/**
 * A slow broker: a produce quota on the service's producer makes the broker hold back the
 * acknowledgements of dead letters (each carries its 40 KB record) for seconds per poll, while
 * {@code max.poll.interval.ms} is about the least the poll-interval rule accepts. The consumer waits for
 * room in the pipeline meanwhile, and stays in its group: no rebalance, every record dead-lettered
 * once.
 */
@SpringBootTest(properties = {"cnnstream.batch.max-size=4", "cnnstream.model.name=lenet5", "cnnstream.model.warmup-batches=1",
        "cnnstream.workers=2", "server.port=0", "cnnstream.send-timeout=8s", "cnnstream.images.decode-timeout=1s",
        // the rule asks 2 x (2 polls x (a batch of 4, well under 1 s cold, + 2 waves x 1 s) + max.block.ms 2 s + 8 s): 28-32 s
        "spring.kafka.producer.properties.max.block.ms=2000", "spring.kafka.consumer.properties.max.poll.interval.ms=33000"})
// quota rates measured over 2 windows of 1 s, so that the broker throttles like a steady slow link
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers",
        brokerProperties = {"quota.window.num=2", "quota.window.size.seconds=1"})
@DirtiesContext
class SlowBrokerTest {
    private static final int RECORDS = 16;

    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;
    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    KafkaTemplate<byte[], byte[]> template;

    @Test
    void slowAcknowledgementsOfDeadLettersKeepTheConsumerInItsGroup() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            ClientQuotaEntity service = new ClientQuotaEntity(Map.of(ClientQuotaEntity.CLIENT_ID, serviceProducerId()));
            admin.alterClientQuotas(List.of(new ClientQuotaAlteration(service,
                    List.of(new ClientQuotaAlteration.Op("producer_byte_rate", 50_000.0))))).all().get();
        }
        double rebalancesBefore = rebalances();
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = KafkaTestSupport.producer(bootstrap)) {
            SplittableRandom random = new SplittableRandom(7);
            for (int i = 0; i < RECORDS; i++) {
                byte[] noise = new byte[40_000];
                random.nextBytes(noise);
                producer.send(record("images", "slow-" + i, noise));
            }
        }
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() -> deadLetters().size() == RECORDS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).as("the quota slowed the dead letters down").isGreaterThan(Duration.ofSeconds(6));
        assertThat(deadLetters().values()).as("each record dead-lettered once").allMatch(n -> n == 1);
        assertThat(rebalances()).as("the consumer never left its group").isEqualTo(rebalancesBefore);
    }

    private Map<String, Long> deadLetters() {
        return KafkaTestSupport.read(bootstrap, "images.DLT", Integer.MAX_VALUE, Duration.ofSeconds(2), false).stream()
                .map(KafkaTestSupport::key)
                .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
    }

    /** The client id of the producer that sends results and dead letters. */
    private String serviceProducerId() {
        return template.metrics().keySet().stream().map(name -> name.tags().get("client-id")).filter(id -> id != null)
                .findFirst().orElseThrow(() -> new AssertionError("the service's producer has no client-id tag"));
    }

    /** The consumer's own count of the rebalances it took part in. */
    private double rebalances() {
        Map<String, Map<MetricName, ? extends Metric>> metrics = listeners.getListenerContainer(ClassificationListener.ID).metrics();
        return metrics.values().stream().flatMap(m -> m.entrySet().stream())
                .filter(e -> e.getKey().group().equals("consumer-coordinator-metrics") && e.getKey().name().equals("rebalance-total"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .findFirst().orElseThrow(() -> new AssertionError("no rebalance-total metric"));
    }
}
