package io.cnnstream.service.model;

import io.cnnstream.engine.api.Classifier;

import java.time.Duration;

/**
 * The classifier the service runs, warmed up once at start-up. {@link #fullBatchTime()} is the
 * measured time of the last warm-up batch of the maximum size, the figure the poll-interval rule is
 * checked against.
 */
public final class LoadedModel {
    private final Classifier classifier;
    private final Duration fullBatchTime;

    LoadedModel(Classifier classifier, int batchSize, int warmupBatches) {
        this.classifier = classifier;
        this.fullBatchTime = classifier.warmUp(batchSize, warmupBatches);
    }

    public Classifier classifier() {
        return classifier;
    }

    public Duration fullBatchTime() {
        return fullBatchTime;
    }

    public String name() {
        return classifier.modelName();
    }

    /** SHA-256 of the weights file, or "untrained". */
    public String digest() {
        return classifier.weightsDigest();
    }

    public boolean trained() {
        return classifier.trained();
    }
}
