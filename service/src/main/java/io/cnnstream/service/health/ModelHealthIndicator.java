package io.cnnstream.service.health;

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

    public ModelHealthIndicator(LoadedModel model) {
        this.model = model;
    }

    @Override
    public Health health() {
        return Health.up()
                .withDetail("name", model.name())
                .withDetail("sha256", model.digest())
                .withDetail("trained", model.trained())
                .withDetail("fullBatchMillis", model.fullBatchTime().toMillis())
                .build();
    }
}
