package io.cnnstream.engine.layer;

import io.cnnstream.engine.kernel.Activation;
import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

/** PyTorch's {@code LeakyReLU(negative_slope)}: {@code x >= 0 ? x : slope * x}. */
public final class LeakyReLU implements Layer {
    private final Activation activation;

    public LeakyReLU(float negativeSlope) {
        this.activation = Activation.leakyRelu(negativeSlope);
    }

    /** PyTorch's default slope, 0.01. */
    public LeakyReLU() {
        this(0.01f);
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
