package io.cnnstream.service.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.cnnstream.service.KafkaTestSupport;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Exactly-once: results, dead letters and offsets commit in one Kafka transaction. The same crash
 * aborts the transaction; read_committed readers see every result exactly once.
 */
@SpringBootTest(properties = {"cnnstream.batch.max-size=4", "cnnstream.model.warmup-batches=1",
        "cnnstream.delivery=exactly-once", "cnnstream.instance-id=eos-test", "server.port=0"})
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers",
        brokerProperties = {"transaction.state.log.replication.factor=1", "transaction.state.log.min.isr=1"})
@Import(DeliveryScenario.CrashOnce.class)
@DirtiesContext
class ExactlyOnceDeliveryTest {
    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;
    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    CrashOnceBatchClassifier classifier;
    @Autowired
    KafkaTemplate<byte[], byte[]> template;

    @Test
    void eachResultIsCommittedOnceAcrossACrashAndARestart() {
        assertThat(template.isTransactional()).isTrue();
        Map<String, Long> committed = DeliveryScenario.run(bootstrap, listeners, classifier, true);
        assertThat(committed).hasSize(DeliveryScenario.RECORDS);
        assertThat(committed.values()).allMatch(n -> n == 1);
        // the aborted attempt is in the log, invisible to read_committed readers
        long written = KafkaTestSupport.read(bootstrap, "classifications", Integer.MAX_VALUE, Duration.ofSeconds(3), false)
                .stream().filter(r -> "d-5".equals(KafkaTestSupport.key(r))).count();
        assertThat(written).isEqualTo(2);
    }
}
