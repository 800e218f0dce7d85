package io.cnnstream.service.model;

import io.cnnstream.engine.api.Classifier;
import io.cnnstream.engine.api.Labels;
import io.cnnstream.engine.image.ImagePreprocessor;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

import java.time.Duration;

/**
 * The classifier the service runs, with its labels and preprocessing, warmed up once at start-up.
 * {@link #fullBatchTime()} is the measured time of the last warm-up batch of the maximum size, the
 * figure the poll-interval rule is checked against.
 */
public final class LoadedModel {
    private final Classifier classifier;
    private final Labels labels;
    private final ImagePreprocessor preprocessor;
    private final Duration fullBatchTime;

    LoadedModel(Classifier classifier, Labels labels, ImagePreprocessor preprocessor, int batchSize, int warmupBatches) {
        this.classifier = classifier;
        this.labels = labels;
        this.preprocessor = preprocessor;
        Tensor batch = Tensor.zeros(classifier.inputShape().withBatch(batchSize));
        long nanos = 0;
        for (int i = 0; i < warmupBatches; i++) {
            long start = System.nanoTime();
            classifier.probabilities(batch);
            nanos = System.nanoTime() - start;
        }
        this.fullBatchTime = Duration.ofNanos(nanos);
    }

    public Classifier classifier() {
        return classifier;
    }

    public Labels labels() {
        return labels;
    }

    /** Null when the model takes raw tensors only. */
    public ImagePreprocessor preprocessor() {
        return preprocessor;
    }

    public Shape inputShape() {
        return classifier.inputShape();
    }

    public Duration fullBatchTime() {
        return fullBatchTime;
    }

    public String name() {
        return classifier.modelName();
    }

    /** SHA-256 of the weights file, or "untrained". */
    public String digest() {
        return classifier.weights().digest();
    }
}
