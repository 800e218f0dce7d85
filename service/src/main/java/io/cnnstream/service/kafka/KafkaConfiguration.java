package io.cnnstream.service.kafka;

import io.cnnstream.service.config.CnnstreamProperties;
import io.cnnstream.service.config.CnnstreamProperties.Delivery;
import io.cnnstream.service.pipeline.DeadLetters;
import io.cnnstream.service.pipeline.RecordRejectedException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.config.ContainerCustomizer;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultTransactionIdSuffixStrategy;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DefaultAfterRollbackProcessor;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.transaction.KafkaTransactionManager;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Kafka as beans: topics, client settings derived from {@code cnnstream.*}, the dead-letter
 * recoverer, and error handling. Records at fault are dead-lettered by the pipeline itself; what
 * reaches the error handler is not a record's fault (the broker unreachable, a result not
 * acknowledged), so it is retried with exponential back-off for ever and never dead-lettered.
 */
@Configuration(proxyBeanMethods = false)
public class KafkaConfiguration {
    /** How soon an idle container notices a failed poll and reads it again. */
    static final Duration IDLE_CHECK = Duration.ofSeconds(1);
    /** What a transaction may take beyond send-timeout: the commit itself. */
    static final Duration TRANSACTION_MARGIN = Duration.ofSeconds(5);


    @Bean
    @ConditionalOnProperty(name = "cnnstream.topics.create", havingValue = "true", matchIfMissing = true)
    KafkaAdmin.NewTopics cnnstreamTopics(CnnstreamProperties properties) {
        CnnstreamProperties.Topics t = properties.topics();
        return new KafkaAdmin.NewTopics(
                topic(t.input(), t), topic(t.output(), t), topic(t.deadLetter(), t));
    }

    private static NewTopic topic(String name, CnnstreamProperties.Topics t) {
        return TopicBuilder.name(name).partitions(t.partitions()).replicas(t.replicas()).build();
    }

    @Bean
    DefaultKafkaConsumerFactoryCustomizer cnnstreamConsumerSettings(CnnstreamProperties properties, PollIntervalRule rule) {
        return factory -> {
            Map<String, Object> settings = new HashMap<>();
            Object interval = factory.getConfigurationProperties().get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
            settings.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) rule.pollInterval(interval).toMillis());
            settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, properties.batch().maxSize());
            settings.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) properties.batch().maxDelay().toMillis());
            settings.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
            settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            if (properties.delivery() == Delivery.EXACTLY_ONCE) {
                settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            }
            if (properties.staticMembership()) {
                settings.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, properties.instanceId());
            }
            factory.updateConfigs(settings);
        };
    }

    @Bean
    DefaultKafkaProducerFactoryCustomizer cnnstreamProducerSettings(CnnstreamProperties properties) {
        return factory -> {
            if (properties.delivery() == Delivery.EXACTLY_ONCE) {
                // stable per instance, so a restarted instance fences its previous incarnation's transactions
                factory.setTransactionIdPrefix("cnnstream-" + properties.instanceId() + "-");
                factory.setTransactionIdSuffixStrategy(new DefaultTransactionIdSuffixStrategy(TransactionalFence.SUFFIXES));
                Object configured = factory.getConfigurationProperties().get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
                factory.updateConfigs(Map.of(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                        (int) transactionTimeout(configured, properties.sendTimeout()).toMillis()));
            }
        };
    }

    /**
     * A poll's transaction opens on the broker at its first result (sent after inference) and ends
     * at the commit, which waits at most {@code send-timeout} for the acknowledgements: it needs
     * little more than that. Kafka's default of 60 s is how long the transaction of a killed instance
     * that does not come back holds every read_committed reader and the partition's next owner, so
     * the service sets {@code send-timeout + }{@link #TRANSACTION_MARGIN} when none is configured.
     * A configured one below {@code send-timeout} would abort healthy transactions; it fails start-up.
     */
    static Duration transactionTimeout(Object configured, Duration sendTimeout) {
        if (configured == null) {
            return sendTimeout.plus(TRANSACTION_MARGIN);
        }
        Duration timeout = Duration.ofMillis(Long.parseLong(configured.toString()));
        if (timeout.compareTo(sendTimeout) < 0) {
            throw new IllegalStateException("transaction.timeout.ms=" + timeout.toMillis() + " is less than cnnstream.send-timeout="
                    + sendTimeout + ": a transaction waits up to send-timeout for its results before it commits; raise"
                    + " spring.kafka.producer.properties.transaction.timeout.ms (or leave it unset, and the service sets"
                    + " send-timeout + " + TRANSACTION_MARGIN.toSeconds() + " s) or lower cnnstream.send-timeout");
        }
        return timeout;
    }

    /**
     * At-least-once, the pipeline acknowledges polls itself (MANUAL) and needs the idle callback to
     * rewind after a failure when no records come; exactly-once, the transaction covers one call (BATCH).
     */
    @Bean
    ContainerCustomizer<Object, Object, ConcurrentMessageListenerContainer<Object, Object>> cnnstreamContainer(
            CnnstreamProperties properties) {
        return container -> {
            ContainerProperties settings = container.getContainerProperties();
            if (properties.delivery() == Delivery.AT_LEAST_ONCE) {
                settings.setAckMode(ContainerProperties.AckMode.MANUAL);
                settings.setIdleEventInterval(IDLE_CHECK.toMillis());
            } else {
                settings.setAckMode(ContainerProperties.AckMode.BATCH);
            }
        };
    }

    @Bean
    @ConditionalOnProperty(name = "cnnstream.delivery", havingValue = "exactly-once")
    KafkaTransactionManager<Object, Object> kafkaTransactionManager(ProducerFactory<Object, Object> producerFactory) {
        // typed <Object, Object>: the type Boot's listener container factory looks for
        return new KafkaTransactionManager<>(producerFactory);
    }

    @Bean
    DeadLetters.Recoverer deadLetterPublishingRecoverer(KafkaTemplate<byte[], byte[]> template,
                                                        CnnstreamProperties properties) {
        DeadLetters.Recoverer recoverer = new DeadLetters.Recoverer(template,
                (record, exception) -> new TopicPartition(properties.topics().deadLetter(), -1));
        recoverer.setHeadersFunction((record, exception) -> {
            RecordHeaders headers = new RecordHeaders();
            String reason = exception instanceof RecordRejectedException r ? r.reason() : "internal";
            headers.add(DeadLetters.REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
            return headers;
        });
        recoverer.setWaitForSendResultTimeout(properties.sendTimeout());
        return recoverer;
    }

    /**
     * At-least-once only. Exactly-once there is no error handler: spring-kafka would call it inside
     * the transaction, and its in-memory batch retry would run the listener again in a transaction
     * whose producer a failed send has put in an error state, for ever. Without one, the failure
     * rolls the transaction back and the after-rollback processor below seeks back and backs off;
     * the retry runs in a new transaction.
     */
    @Bean
    @ConditionalOnProperty(name = "cnnstream.delivery", havingValue = "at-least-once", matchIfMissing = true)
    DefaultErrorHandler errorHandler() {
        DefaultErrorHandler handler = new DefaultErrorHandler((record, exception) -> {
            throw new IllegalStateException("back-off is unlimited: records are never given up", exception);
        }, retryForever());
        handler.setLogLevel(org.springframework.kafka.KafkaException.Level.WARN);
        return handler;
    }

    @Bean
    @ConditionalOnProperty(name = "cnnstream.delivery", havingValue = "exactly-once")
    DefaultAfterRollbackProcessor<Object, Object> afterRollbackProcessor() {
        return new DefaultAfterRollbackProcessor<>((record, exception) -> {
            throw new IllegalStateException("back-off is unlimited: records are never given up", exception);
        }, retryForever());
    }

    private static ExponentialBackOff retryForever() {
        ExponentialBackOff backOff = new ExponentialBackOff(500, 2.0);
        backOff.setMaxInterval(30_000);
        return backOff; // no maximum elapsed time and no maximum attempts
    }
}
