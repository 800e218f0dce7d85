package io.cnnstream.service.health;


import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.boot.health.contributor.Status;
import org.springframework.stereotype.Component;

/** Readiness as a number, for alerting: 1 when the model is loaded and the consumer holds partitions, else 0. */
@Component
public class ReadinessMetrics implements MeterBinder {
    private final ModelHealthIndicator model;
    private final AssignmentHealthIndicator assignment;

    public ReadinessMetrics(ModelHealthIndicator model, AssignmentHealthIndicator assignment) {
        this.model = model;
        this.assignment = assignment;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("cnnstream.ready", this, ReadinessMetrics::ready)
                .description("1 when the model is loaded and the consumer holds partitions of the input topic, else 0")
                .register(registry);
    }

    double ready() {
        return Status.UP.equals(model.health().getStatus()) && Status.UP.equals(assignment.health().getStatus()) ? 1 : 0;
    }
}
