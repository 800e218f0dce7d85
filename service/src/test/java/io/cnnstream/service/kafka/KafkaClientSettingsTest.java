package io.cnnstream.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cnnstream.service.config.CnnstreamProperties;
import io.cnnstream.service.config.CnnstreamProperties.Delivery;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

/** The Kafka client settings the service derives from its own configuration and the poll-interval rule. */
class KafkaClientSettingsTest {
    private final KafkaConfiguration configuration = new KafkaConfiguration();

    @Test
    void consumerPollsOneBatchWithCooperativeStickyAssignment() {
        Map<String, Object> consumer = consumerSettings(properties(Delivery.AT_LEAST_ONCE, false));
        assertThat(consumer).containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 16)
                .containsEntry(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 50)
                .containsEntry(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName())
                .containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
                .doesNotContainKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG)
                .doesNotContainKey(ConsumerConfig.ISOLATION_LEVEL_CONFIG);
    }

    @Test
    void staticMembershipUsesTheInstanceId() {
        assertThat(consumerSettings(properties(Delivery.AT_LEAST_ONCE, true)))
                .containsEntry(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, "pod-7");
    }

    @Test
    void exactlyOnceReadsCommittedAndProducesTransactionally() {
        CnnstreamProperties eos = properties(Delivery.EXACTLY_ONCE, false);
        assertThat(consumerSettings(eos)).containsEntry(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        DefaultKafkaProducerFactory<byte[], byte[]> producer = new DefaultKafkaProducerFactory<>(new HashMap<>());
        configuration.cnnstreamProducerSettings(eos).customize(producer);
        assertThat(producer.getTransactionIdPrefix()).isEqualTo("cnnstream-pod-7-");
        assertThat(producer.transactionCapable()).isTrue();
    }

    @Test
    void exactlyOnceTransactionsTimeOutSoonAfterSendTimeoutUnlessConfigured() {
        CnnstreamProperties eos = properties(Delivery.EXACTLY_ONCE, false);
        assertThat(producerSettings(eos, null)).containsEntry(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 35_000);
        assertThat(producerSettings(eos, 90_000)).containsEntry(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 90_000);
        assertThatThrownBy(() -> producerSettings(eos, 20_000)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("transaction.timeout.ms=20000 is less than cnnstream.send-timeout=PT30S");
        assertThat(producerSettings(properties(Delivery.AT_LEAST_ONCE, false), null))
                .doesNotContainKey(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
    }

    @Test
    void withoutAConfiguredPollIntervalTheServiceSetsWhatTheRuleAsks() {
        CnnstreamProperties defaults = properties(Delivery.AT_LEAST_ONCE, false);
        // 2 x (2 polls x (0.1 s + 8 waves x 5 s) + max.block.ms 60 s + 30 s) = 340.4 s, above Kafka's 300 s
        assertThat(consumerSettings(defaults, 2, null)).containsEntry(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 340_400);
        // one worker: 2 x (2 x (0.1 s + 16 x 5 s) + 60 s + 30 s) = 500.4 s
        assertThat(consumerSettings(defaults, 1, null)).containsEntry(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 500_400);
        // exactly-once has one poll in flight: 2 x (80.1 s + 60 s + 30 s)
        assertThat(consumerSettings(properties(Delivery.EXACTLY_ONCE, false), 1, null))
                .containsEntry(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 340_200);
        // a shorter max.block.ms asks less: 2 x (80.2 s + 5 s + 30 s) = 230.4 s, and Kafka's 300 s stands
        assertThat(consumerSettings(defaults, 2, null, Duration.ofSeconds(5)))
                .containsEntry(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 300_000);
    }

    @Test
    void aConfiguredPollIntervalIsKeptIfTheRuleHoldsAndFailsStartUpOtherwise() {
        CnnstreamProperties defaults = properties(Delivery.AT_LEAST_ONCE, false);
        assertThat(consumerSettings(defaults, 2, 600_000)).containsEntry(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 600_000);
        assertThatThrownBy(() -> consumerSettings(defaults, 2, 200_000)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("max.poll.interval.ms=200000 is less than twice the worst batch time 170200 ms (2 poll(s)");
        // more workers do not decode more of the largest images at once: the decode memory holds two
        assertThatThrownBy(() -> consumerSettings(defaults, 8, 200_000)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("max.poll.interval.ms=200000 is less than twice the worst batch time 170200 ms (2 poll(s)");
    }

    private Map<String, Object> producerSettings(CnnstreamProperties properties, Integer transactionTimeout) {
        Map<String, Object> configured = new HashMap<>();
        if (transactionTimeout != null) {
            configured.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, transactionTimeout);
        }
        DefaultKafkaProducerFactory<byte[], byte[]> factory = new DefaultKafkaProducerFactory<>(configured);
        configuration.cnnstreamProducerSettings(properties).customize(factory);
        return factory.getConfigurationProperties();
    }

    private Map<String, Object> consumerSettings(CnnstreamProperties properties) {
        return consumerSettings(properties, 2, null);
    }

    private Map<String, Object> consumerSettings(CnnstreamProperties properties, int workers, Integer pollInterval) {
        return consumerSettings(properties, workers, pollInterval, PollIntervalRule.KAFKA_MAX_BLOCK);
    }

    private Map<String, Object> consumerSettings(CnnstreamProperties properties, int workers, Integer pollInterval,
                                                 Duration maxBlock) {
        Map<String, Object> configured = new HashMap<>();
        if (pollInterval != null) {
            configured.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, pollInterval);
        }
        DefaultKafkaConsumerFactory<byte[], byte[]> factory = new DefaultKafkaConsumerFactory<>(configured);
        PollIntervalRule rule = new PollIntervalRule(Duration.ofMillis(100), workers, maxBlock, properties);
        configuration.cnnstreamConsumerSettings(properties, rule).customize(factory);
        return factory.getConfigurationProperties();
    }

    private static CnnstreamProperties properties(Delivery delivery, boolean staticMembership) {
        return new CnnstreamProperties("pod-7", delivery, staticMembership,
                new CnnstreamProperties.Topics("images", "classifications", "images.DLT", true, 1, (short) 1),
                new CnnstreamProperties.Model("alexnet", null, (Path) null, null, null, 5, 2),
                new CnnstreamProperties.Batch(16, Duration.ofMillis(50), 64 << 20), 0,
                new CnnstreamProperties.Images(20971520, 40000000, Duration.ofSeconds(5), 268435456, false),
                Duration.ofSeconds(30));
    }
}
