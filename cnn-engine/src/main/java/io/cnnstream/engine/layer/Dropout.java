package io.cnnstream.engine.layer;

import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

/** The identity at inference (PyTorch's {@code Dropout} in eval mode); kept so indices match torchvision. */
public final class Dropout implements Layer {
    private final double p;

    public Dropout(double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + p);
        }
        this.p = p;
    }

    public Dropout() {
        this(0.5);
    }

    public double p() {
        return p;
    }

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public Tensor forward(Tensor input, Kernels kernels) {
        return input;
    }
}
