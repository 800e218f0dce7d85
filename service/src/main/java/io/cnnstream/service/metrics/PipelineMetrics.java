package io.cnnstream.service.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.stereotype.Component;

/**
 * What happens to records: outcomes by reason, batch sizes, inference, decode, queue-wait and
 * end-to-end times (all with histogram buckets) and the records in flight. Tags stay low-cardinality:
 * outcome and a fixed set of reasons.
 */
@Component
public class PipelineMetrics implements MeterBinder {
    private final AtomicInteger inFlight = new AtomicInteger();
    private MeterRegistry registry;
    private DistributionSummary batchSize;
    private Timer inference;
    private Timer decode;
    private Timer queueWait;
    private Timer endToEnd;

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        batchSize = DistributionSummary.builder("cnnstream.batch.size")
                .description("Records per inference batch")
                .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256)
                .register(registry);
        inference = latency("cnnstream.inference", "Time to run the model on one batch", Duration.ofMillis(5), Duration.ofMinutes(2));
        decode = latency("cnnstream.decode", "Time to decode and preprocess one record", Duration.ofMillis(1), Duration.ofSeconds(10));
        queueWait = latency("cnnstream.queue.wait",
                "Time from a record's timestamp to the start of its batch (time in Kafka included)", Duration.ofMillis(1), Duration.ofMinutes(10));
        endToEnd = latency("cnnstream.end.to.end",
                "Time from a record's timestamp to its result or dead letter being acknowledged", Duration.ofMillis(5), Duration.ofMinutes(10));
        Gauge.builder("cnnstream.records.in.flight", inFlight, AtomicInteger::get)
                .description("Records polled and not yet finished")
                .register(registry);
        record("classified", "none", 0); // so that the series exist from the start
    }

    private Timer latency(String name, String description, Duration min, Duration max) {
        return Timer.builder(name).description(description)
                .publishPercentileHistogram()
                .minimumExpectedValue(min)
                .maximumExpectedValue(max)
                .register(registry);
    }

    private void record(String outcome, String reason, int count) {
        Counter.builder("cnnstream.records")
                .description("Records consumed, by outcome (classified, dead-lettered) and reason")
                .tag("outcome", outcome)
                .tag("reason", reason)
                .register(registry)
                .increment(count);
    }

    public void inFlight(int delta) {
        inFlight.addAndGet(delta);
    }

    public void decoded(long nanos) {
        decode.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void queueWait(long millis) {
        queueWait.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    public void batch(int size, long inferenceNanos) {
        batchSize.record(size);
        inference.record(inferenceNanos, TimeUnit.NANOSECONDS);
    }

    public void classified(long recordTimestamp) {
        record("classified", "none", 1);
        endToEnd.record(Math.max(0, System.currentTimeMillis() - recordTimestamp), TimeUnit.MILLISECONDS);
    }

    public void deadLettered(String reason, long recordTimestamp) {
        record("dead-lettered", reason, 1);
        endToEnd.record(Math.max(0, System.currentTimeMillis() - recordTimestamp), TimeUnit.MILLISECONDS);
    }
}
