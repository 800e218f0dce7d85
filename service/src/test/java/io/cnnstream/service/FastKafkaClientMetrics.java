package io.cnnstream.service;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.kafka.clients.consumer.Consumer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;

/**
 * Micrometer binds a Kafka client's per-partition meters (consumer lag) at its first refresh, 60 s
 * after the client starts; a test that scrapes them would wait that long. This swaps the consumer
 * factory's metrics listener for one that refreshes every second, the same meters sooner.
 */
@TestConfiguration(proxyBeanMethods = false)
public class FastKafkaClientMetrics {
    static final Duration REFRESH = Duration.ofSeconds(1);

    @Bean
    static BeanPostProcessor fastKafkaConsumerMetrics(ObjectProvider<MeterRegistry> registry) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (bean instanceof DefaultKafkaConsumerFactory<?, ?> factory) {
                    swap(factory, registry.getObject());
                }
                return bean;
            }
        };
    }

    private static <K, V> void swap(DefaultKafkaConsumerFactory<K, V> factory, MeterRegistry registry) {
        factory.getListeners().stream().filter(l -> l instanceof MicrometerConsumerListener).toList()
                .forEach(factory::removeListener);
        factory.addListener(new Refreshing<>(registry));
    }

    private static final class Refreshing<K, V> extends MicrometerConsumerListener<K, V> {
        private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "kafka-metrics-refresh");
            t.setDaemon(true);
            return t;
        });

        Refreshing(MeterRegistry registry) {
            super(registry);
        }

        @Override
        protected MeterBinder createClientMetrics(Consumer<K, V> consumer, List<Tag> tags) {
            return new KafkaClientMetrics(consumer, tags, refresher, REFRESH);
        }
    }
}
