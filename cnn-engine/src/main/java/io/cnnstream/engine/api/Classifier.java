package io.cnnstream.engine.api;

import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;
import io.cnnstream.engine.weights.WeightsSource;

/** A model with its weights bound, ready to run batches on the engine's kernels. Thread-safe. */
public final class Classifier {
    private final Model model;
    private final WeightsSource weights;
    private final Kernels kernels;

    Classifier(Model model, WeightsSource weights, Kernels kernels) {
        this.model = model;
        this.weights = weights;
        this.kernels = kernels;
    }

    public String modelName() {
        return model.name();
    }

    public Model model() {
        return model;
    }

    public WeightsSource weights() {
        return weights;
    }

    /** Per-sample input shape {@code [C, H, W]}. */
    public Shape inputShape() {
        return model.inputShape();
    }

    public int classes() {
        return model.classes();
    }

    /** Logits {@code [N, classes]} for a batch {@code [N, C, H, W]} of the model's input shape. */
    public Tensor logits(Tensor batch) {
        return model.forward(batch, kernels);
    }

    /** Softmax probabilities {@code [N, classes]}. */
    public Tensor probabilities(Tensor batch) {
        return kernels.softmax(logits(batch));
    }
}
