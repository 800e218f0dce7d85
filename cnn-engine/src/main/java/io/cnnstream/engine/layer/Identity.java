package io.cnnstream.engine.layer;

import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

/** PyTorch's {@code Identity}: the input, unchanged (an imported graph's no-op nodes). */
public final class Identity implements Layer {
    @Override
    public Shape outputShape(Shape input) {
        return input;
    }

    @Override
    public Tensor forward(Tensor input, Kernels kernels) {
        return input;
    }
}
