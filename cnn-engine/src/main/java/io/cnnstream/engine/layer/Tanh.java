package io.cnnstream.engine.layer;

import io.cnnstream.engine.kernel.Activation;
import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

/** PyTorch's {@code Tanh}, element by element. */
public final class Tanh implements Layer {
    /** The element-wise function, for training. */
    public Activation activation() {
        return Activation.tanh();
    }

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public Tensor forward(Tensor input, Kernels kernels) {
        return kernels.activation(input, Activation.tanh());
    }
}
