package io.cnnstream.service.kafka;

import io.cnnstream.engine.api.Engine;
import io.cnnstream.service.config.CnnstreamProperties;
import io.cnnstream.service.config.CnnstreamProperties.Delivery;
import io.cnnstream.service.model.LoadedModel;
import io.cnnstream.service.pipeline.Pipeline;

import java.time.Duration;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.stereotype.Component;

/**
 * Slow work must never break the group: the consumer thread's longest wait between two polls has
 * to stay well inside {@code max.poll.interval.ms}. That wait is for the polls in flight to settle:
 * {@value io.cnnstream.service.pipeline.Pipeline#DEPTH} of them at-least-once (the pipeline, when a
 * failure makes it rewind), one exactly-once. The rule, checked at start-up after the model's warm-up:
 * <pre>
 *   max.poll.interval.ms >= 2 x (polls in flight x (measured full-batch inference time
 *                                                   + ceil(max-size / decoding) x images.decode-timeout)
 *                                + producer max.block.ms + send-timeout)
 * </pre>
 * where {@code decoding} is {@code min(workers, 2)}: the decode memory lets two of the largest images
 * decode side by side (one may take half of it), and more only if they are smaller.
 * i.e. even batches whose every image hits the decode time limit, a send that waits the producer's
 * {@code max.block.ms} for a topic the broker no longer has (the first such send fails the poll, and
 * the polls behind it are not sent), and a broker that takes the whole send-timeout to acknowledge
 * a poll's results and dead letters (sent and awaited together), leave half the interval to spare.
 * A configured interval that breaks it fails start-up naming the properties; without one, the
 * service sets the interval (applied in {@code KafkaConfiguration}).
 */
@Component
public class PollIntervalRule {
    /** Kafka's default {@code max.poll.interval.ms}. */
    static final Duration KAFKA_DEFAULT = Duration.ofMinutes(5);
    /** Images at the largest one may be (half the decode memory) that decode at once. */
    static final int LARGEST_IMAGES_AT_ONCE = 2;

    /** Kafka's default producer {@code max.block.ms}. */
    static final Duration KAFKA_MAX_BLOCK = Duration.ofMinutes(1);

    private final Duration fullBatchTime;
    private final int workers;
    private final Duration maxBlock;
    private final CnnstreamProperties properties;

    @Autowired
    public PollIntervalRule(LoadedModel model, CnnstreamProperties properties, Engine engine, ProducerFactory<?, ?> producers) {
        this(model.fullBatchTime(), engine.threads(), maxBlock(producers.getConfigurationProperties().get(
                ProducerConfig.MAX_BLOCK_MS_CONFIG)), properties);
    }

    PollIntervalRule(Duration fullBatchTime, int workers, Duration maxBlock, CnnstreamProperties properties) {
        this.fullBatchTime = fullBatchTime;
        this.workers = workers;
        this.maxBlock = maxBlock;
        this.properties = properties;
    }

    static Duration maxBlock(Object configured) {
        return configured == null ? KAFKA_MAX_BLOCK : Duration.ofMillis(Long.parseLong(configured.toString()));
    }

    /**
     * The consumer's {@code max.poll.interval.ms}: the one configured, checked against the rule, or,
     * when none is, Kafka's default raised to what the rule asks (one worker and the default limits
     * ask for more than five minutes).
     */
    Duration pollInterval(Object configured) {
        Duration least = worstWait().multipliedBy(2);
        if (configured == null) {
            return least.compareTo(KAFKA_DEFAULT) > 0 ? least : KAFKA_DEFAULT;
        }
        Duration interval = Duration.ofMillis(Long.parseLong(configured.toString()));
        if (interval.compareTo(least) < 0) {
            throw new IllegalStateException("max.poll.interval.ms=" + interval.toMillis() + " is less than twice the worst batch time "
                    + worstWait().toMillis() + " ms (" + pollsInFlight() + " poll(s) in flight x (measured batch of "
                    + properties.batch().maxSize() + ": " + fullBatchTime.toMillis()
                    + " ms, + ceil(cnnstream.batch.max-size / min(workers, 2)) x cnnstream.images.decode-timeout),"
                    + " + the producer's max.block.ms " + maxBlock.toMillis() + " ms + cnnstream.send-timeout): raise spring.kafka.consumer.properties.max.poll.interval.ms (or leave it"
                    + " unset, and the service sets it), or lower cnnstream.batch.max-size, cnnstream.images.decode-timeout"
                    + ", spring.kafka.producer.properties.max.block.ms or cnnstream.send-timeout");
        }
        return interval;
    }

    Duration worstWait() {
        int decoding = Math.min(workers, LARGEST_IMAGES_AT_ONCE);
        int waves = (properties.batch().maxSize() + decoding - 1) / decoding;
        Duration batch = fullBatchTime.plus(properties.images().decodeTimeout().multipliedBy(waves));
        return batch.multipliedBy(pollsInFlight()).plus(maxBlock).plus(properties.sendTimeout());
    }

    private int pollsInFlight() {
        return properties.delivery() == Delivery.AT_LEAST_ONCE ? Pipeline.DEPTH : 1;
    }
}
