package io.cnnstream.engine.layer;

import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

/** Softmax over the features of {@code [N, K]}: probabilities that sum to one per sample. */
public final class Softmax implements Layer {
    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 1) {
            throw new IllegalArgumentException("Softmax expects a feature vector, got " + input);
        }
        return input;
    }

    @Override
    public Tensor forward(Tensor input, Kernels kernels) {
        return kernels.softmax(input);
    }
}
