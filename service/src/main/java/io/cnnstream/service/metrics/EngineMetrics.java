package io.cnnstream.service.metrics;

import io.cnnstream.engine.api.Engine;
import io.cnnstream.service.model.LoadedModel;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.stereotype.Component;

/** The engine's worker pool (size and busy threads) and which model and weights are serving. */
@Component
public class EngineMetrics implements MeterBinder {
    private final Engine engine;
    private final LoadedModel model;

    public EngineMetrics(Engine engine, LoadedModel model) {
        this.engine = engine;
        this.model = model;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("cnnstream.workers", engine, Engine::threads)
                .description("Threads of the engine's worker pool")
                .register(registry);
        Gauge.builder("cnnstream.workers.busy", engine, Engine::busyWorkers)
                .description("Worker pool threads running kernels or preprocessing right now")
                .register(registry);
        Gauge.builder("cnnstream.model.info", () -> 1)
                .description("The model being served (always 1; name, weights digest and engine kernels in the tags)")
                .tag("model", model.name())
                .tag("kernels", engine.kernelsName())
                .tag("sha256", model.digest())
                .register(registry);
        Gauge.builder("cnnstream.model.batch.warmup", model, m -> m.fullBatchTime().toNanos() / 1e9)
                .description("Measured time of a full batch after warm-up, used by the poll-interval rule")
                .baseUnit("seconds")
                .register(registry);
    }
}
