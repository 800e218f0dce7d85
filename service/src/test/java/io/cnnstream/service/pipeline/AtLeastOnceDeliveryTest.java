package io.cnnstream.service.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;

/** At-least-once: a crash after publishing and before committing repeats results, and loses none. */
@SpringBootTest(properties = {"cnnstream.batch.max-size=4", "cnnstream.model.warmup-batches=1",
        "cnnstream.delivery=at-least-once", "server.port=0"})
@EmbeddedKafka(partitions = 1, bootstrapServersProperty = "spring.kafka.bootstrap-servers")
@Import(DeliveryScenario.CrashOnce.class)
@DirtiesContext
class AtLeastOnceDeliveryTest {
    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;
    @Autowired
    KafkaListenerEndpointRegistry listeners;
    @Autowired
    CrashOnceBatchClassifier classifier;

    @Test
    void losesNothingAcrossACrashAndARestart() {
        Map<String, Long> counts = DeliveryScenario.run(bootstrap, listeners, classifier, false);
        assertThat(counts).hasSize(DeliveryScenario.RECORDS);
        assertThat(counts.values()).allMatch(n -> n >= 1);
        // the batch that crashed before its commit was processed again: its results appear twice
        assertThat(counts.get("d-5")).isEqualTo(2);
    }
}
