package io.cnnstream.service.kafka;

import io.cnnstream.engine.api.Engine;
import io.cnnstream.service.config.CnnstreamProperties;
import io.cnnstream.service.model.LoadedModel;

import java.time.Duration;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Slow work must never break the group: a poll's batch has to finish well inside
 * {@code max.poll.interval.ms}. The rule, checked at start-up after the model's warm-up:
 * <pre>
 *   max.poll.interval.ms >= 2 x (measured full-batch inference time
 *                                + ceil(max-size / workers) x images.decode-timeout
 *                                + send-timeout)
 * </pre>
 * i.e. even a batch whose every image hits the decode time limit, plus a slow broker, leaves half
 * the interval to spare. A configuration that breaks it fails start-up naming the properties.
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
        Duration worst = worstBatchTime();
        if (interval.compareTo(worst.multipliedBy(2)) < 0) {
            throw new IllegalStateException("max.poll.interval.ms=" + interval.toMillis() + " is less than twice the worst batch time "
                    + worst.toMillis() + " ms (measured batch of " + properties.batch().maxSize() + ": "
                    + model.fullBatchTime().toMillis() + " ms, + ceil(cnnstream.batch.max-size / workers) x cnnstream.images.decode-timeout,"
                    + " + cnnstream.send-timeout): raise spring.kafka.consumer.properties.max.poll.interval.ms"
                    + " or lower cnnstream.batch.max-size, cnnstream.images.decode-timeout or cnnstream.send-timeout");
        }
    }

    Duration worstBatchTime() {
        int waves = (properties.batch().maxSize() + engine.threads() - 1) / engine.threads();
        return model.fullBatchTime()
                .plus(properties.images().decodeTimeout().multipliedBy(waves))
                .plus(properties.sendTimeout());
    }

    Duration pollInterval() {
        Object configured = consumerFactory.getConfigurationProperties().get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
        return Duration.ofMillis(configured == null ? 300_000 : Long.parseLong(configured.toString()));
    }
}
