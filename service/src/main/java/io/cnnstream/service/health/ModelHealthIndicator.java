package io.cnnstream.service.health;

import io.cnnstream.engine.api.Engine;
import io.cnnstream.service.model.LoadedModel;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Up once the model is loaded and warmed (the bean exists only then); reports the model and its
 * weights digest, and says loudly when the weights are untrained. Part of the readiness group.
 */
@Component("model")
public class ModelHealthIndicator implements HealthIndicator {
    private final LoadedModel model;
    private final Engine engine;

    public ModelHealthIndicator(LoadedModel model, Engine engine) {
        this.model = model;
        this.engine = engine;
    }

    @Override
    public Health health() {
        return Health.up()
                .withDetail("name", model.name())
                .withDetail("sha256", model.digest())
                .withDetail("trained", model.trained())
                .withDetail("fullBatchMillis", model.fullBatchTime().toMillis())
                .withDetail("kernels", engine.kernelsFellBack()
                        ? "scalar: the JVM lacks --add-modules jdk.incubator.vector, about 40x slower (start with bin/service)"
                        : engine.kernelsName())
                .build();
    }
}
