package io.cnnstream.service.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.junit.jupiter.api.Test;

class PipelineMetricsTest {

    @Test
    void countsOutcomesByReasonAndTimesBatches() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        PipelineMetrics metrics = new PipelineMetrics();
        metrics.bindTo(registry);

        metrics.batch(3, 40_000_000);
        metrics.classified(System.currentTimeMillis() - 100);
        metrics.classified(System.currentTimeMillis() - 100);
        metrics.deadLettered("malformed", System.currentTimeMillis());
        metrics.inFlight(5);

        assertThat(registry.get("cnnstream.records").tags("outcome", "classified", "reason", "none").counter().count()).isEqualTo(2);
        assertThat(registry.get("cnnstream.records").tags("outcome", "dead-lettered", "reason", "malformed").counter().count()).isEqualTo(1);
        assertThat(registry.get("cnnstream.batch.size").summary().max()).isEqualTo(3);
        assertThat(registry.get("cnnstream.inference").timer().totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(40);
        assertThat(registry.get("cnnstream.end.to.end").timer().count()).isEqualTo(3);
        assertThat(registry.get("cnnstream.records.in.flight").gauge().value()).isEqualTo(5);
        for (Meter meter : registry.getMeters()) {
            if (meter.getId().getName().endsWith(".histogram")) {
                continue; // SimpleMeterRegistry's own view of the buckets
            }
            assertThat(meter.getId().getDescription()).as(meter.getId().getName()).isNotBlank();
        }
    }
}
