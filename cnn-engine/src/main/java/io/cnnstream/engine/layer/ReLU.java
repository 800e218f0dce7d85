package io.cnnstream.engine.layer;

import io.cnnstream.engine.kernel.Activation;
import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

/** {@code max(0, x)}, element by element. */
public final class ReLU implements Layer {
    /** The element-wise function, for training. */
    public Activation activation() {
        return Activation.relu();
    }

    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public Tensor forward(Tensor input, Kernels kernels) {
        return kernels.relu(input);
    }
}
