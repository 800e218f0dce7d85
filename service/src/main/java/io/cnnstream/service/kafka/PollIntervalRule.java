package io.cnnstream.service.kafka;

import io.cnnstream.engine.api.Engine;
import io.cnnstream.service.config.CnnstreamProperties;
import io.cnnstream.service.config.CnnstreamProperties.Delivery;
import io.cnnstream.service.model.LoadedModel;
import io.cnnstream.service.pipeline.Pipeline;

import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Slow work must never break the group: the consumer thread's longest wait between two polls has
 * to stay well inside {@code max.poll.interval.ms}. That wait is for the polls in flight to settle:
 * {@value io.cnnstream.service.pipeline.Pipeline#DEPTH} of them at-least-once (the pipeline, when a
 * failure makes it rewind), one exactly-once. The rule, checked at start-up after the model's warm-up:
 * <pre>
 *   max.poll.interval.ms >= 2 x (polls in flight x (measured full-batch inference time
 *                                                   + ceil(max-size / workers) x images.decode-timeout)
 *                                + send-timeout)
 * </pre>
 * i.e. even batches whose every image hits the decode time limit, and a broker that takes the whole
 * send-timeout to acknowledge a poll's results and dead letters (sent and awaited together), leave
 * half the interval to spare. A configuration that breaks it fails start-up naming the properties.
 */
@Component
public class PollIntervalRule implements InitializingBean {
    private final ConsumerFactory<?, ?> consumerFactory;
    private final LoadedModel model;
    private final CnnstreamProperties properties;
    private final Engine engine;

    public PollIntervalRule(ConsumerFactory<?, ?> consumerFactory, LoadedModel model, CnnstreamProperties properties,
                            Engine engine) {
        this.consumerFactory = consumerFactory;
        this.model = model;
        this.properties = properties;
        this.engine = engine;
    }

    @Override
    public void afterPropertiesSet() {
        Duration interval = pollInterval();
        Duration worst = worstWait();
        if (interval.compareTo(worst.multipliedBy(2)) < 0) {
            throw new IllegalStateException("max.poll.interval.ms=" + interval.toMillis() + " is less than twice the worst batch time "
                    + worst.toMillis() + " ms (" + pollsInFlight() + " poll(s) in flight x (measured batch of "
                    + properties.batch().maxSize() + ": " + model.fullBatchTime().toMillis()
                    + " ms, + ceil(cnnstream.batch.max-size / workers) x cnnstream.images.decode-timeout),"
                    + " + cnnstream.send-timeout): raise spring.kafka.consumer.properties.max.poll.interval.ms"
                    + " or lower cnnstream.batch.max-size, cnnstream.images.decode-timeout or cnnstream.send-timeout");
        }
    }

    Duration worstWait() {
        int waves = (properties.batch().maxSize() + engine.threads() - 1) / engine.threads();
        Duration batch = model.fullBatchTime().plus(properties.images().decodeTimeout().multipliedBy(waves));
        return batch.multipliedBy(pollsInFlight()).plus(properties.sendTimeout());
    }

    private int pollsInFlight() {
        return properties.delivery() == Delivery.AT_LEAST_ONCE ? Pipeline.DEPTH : 1;
    }

    Duration pollInterval() {
        Object configured = consumerFactory.getConfigurationProperties().get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
        return Duration.ofMillis(configured == null ? 300_000 : Long.parseLong(configured.toString()));
    }
}
