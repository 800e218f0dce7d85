package io.cnnstream.demo;

import io.cnnstream.service.pipeline.ClassificationListener;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The service instances of one run, all in consumer group {@code cnnstream}, watched every
 * {@value #EVERY_MILLIS} ms while they work: records answered by each (its own
 * {@code cnnstream.records} counter) and the group's lag on the input topic (end offsets minus
 * committed offsets); at the end, each consumer's rebalances and the time they took.
 */
final class ScaleOut implements AutoCloseable {
    static final int EVERY_MILLIS = 500;

    /** One look at the group: seconds since the start, answers per instance so far, total lag. */
    record Sample(double seconds, long[] answered, long lag) {
    }

    /** One instance at the end: records it answered, its consumer's rebalances and their total time. */
    record Instance(String id, long answered, double rebalances, double rebalanceMillis) {
    }

    private final List<ConfigurableApplicationContext> instances;
    private final Admin admin;
    private final long startMillis;
    private final List<Sample> samples = new ArrayList<>();
    private final ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "bench-sampler");
        thread.setDaemon(true);
        return thread;
    });

    private ScaleOut(String bootstrap, List<ConfigurableApplicationContext> instances, long startMillis) {
        this.instances = instances;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
        this.startMillis = startMillis;
    }

    static ScaleOut watch(String bootstrap, List<ConfigurableApplicationContext> instances, long startMillis) {
        ScaleOut watch = new ScaleOut(bootstrap, instances, startMillis);
        watch.sampler.scheduleAtFixedRate(watch::sample, 0, EVERY_MILLIS, TimeUnit.MILLISECONDS);
        return watch;
    }

    private void sample() {
        long[] answered = new long[instances.size()];
        for (int i = 0; i < answered.length; i++) {
            answered[i] = answered(instances.get(i));
        }
        Sample s = new Sample((System.currentTimeMillis() - startMillis) / 1e3, answered, lag());
        synchronized (samples) {
            samples.add(s);
        }
    }

    private static long answered(ConfigurableApplicationContext instance) {
        if (!instance.isActive()) {
            return 0;
        }
        return (long) instance.getBean(MeterRegistry.class).find("cnnstream.records").counters().stream()
                .mapToDouble(Counter::count).sum();
    }

    private long lag() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets("cnnstream").partitionsToOffsetAndMetadata().get();
            List<TopicPartition> partitions = admin.describeTopics(List.of("images")).allTopicNames().get().get("images")
                    .partitions().stream().map(p -> new TopicPartition("images", p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()));
            long lag = 0;
            for (var end : admin.listOffsets(latest).all().get().entrySet()) {
                OffsetAndMetadata done = committed.get(end.getKey());
                lag += end.getValue().offset() - (done == null ? 0 : done.offset());
            }
            return lag;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        } catch (ExecutionException e) {
            return -1; // the group has no offsets yet: the sample's lag is unknown, and left out of the plot
        }
    }

    List<Sample> samples() {
        synchronized (samples) {
            return List.copyOf(samples);
        }
    }

    /** Each instance's answers and rebalances, read now. */
    List<Instance> instances() {
        List<Instance> result = new ArrayList<>();
        for (int i = 0; i < instances.size(); i++) {
            ConfigurableApplicationContext instance = instances.get(i);
            MessageListenerContainer container = instance.getBean(KafkaListenerEndpointRegistry.class)
                    .getListenerContainer(ClassificationListener.ID);
            Map<String, Double> coordinator = new LinkedHashMap<>();
            for (Map<MetricName, ? extends Metric> metrics : container.metrics().values()) {
                metrics.forEach((name, metric) -> {
                    if (name.group().equals("consumer-coordinator-metrics") && metric.metricValue() instanceof Number n) {
                        coordinator.put(name.name(), n.doubleValue());
                    }
                });
            }
            result.add(new Instance("bench-" + (i + 1), answered(instance), coordinator.getOrDefault("rebalance-total", 0.0),
                    coordinator.getOrDefault("rebalance-latency-total", 0.0)));
        }
        return result;
    }

    static String describe(Instance instance, double seconds) {
        return String.format(Locale.ROOT, "%d records (%.1f/s), %.0f rebalance(s), %.0f ms in them", instance.answered(),
                instance.answered() / Math.max(1e-3, seconds), instance.rebalances(), instance.rebalanceMillis());
    }

    @Override
    public void close() {
        sampler.shutdownNow();
        admin.close();
    }
}
