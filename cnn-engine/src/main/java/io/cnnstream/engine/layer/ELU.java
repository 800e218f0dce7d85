package io.cnnstream.engine.layer;

import io.cnnstream.engine.kernel.Activation;
import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

/** PyTorch's {@code ELU(alpha)}: {@code x > 0 ? x : alpha * (e^x - 1)}. */
public final class ELU implements Layer {
    private final Activation activation;

    public ELU(float alpha) {
        if (!(alpha >= 0)) {
            throw new IllegalArgumentException("ELU alpha must be >= 0, got " + alpha);
        }
        this.activation = Activation.elu(alpha);
    }

    /** PyTorch's default alpha, 1.0. */
    public ELU() {
        this(1f);
    }

    /** The element-wise function, for training. */
    public Activation activation() {
        return activation;
    }

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public Tensor forward(Tensor input, Kernels kernels) {
        return kernels.activation(input, activation);
    }
}
