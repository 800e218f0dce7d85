package io.cnnstream.engine.layer;

import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

/** {@code [N, C, H, W] -> [N, C*H*W]} in C, H, W order, as {@code torch.flatten(x, 1)}. */
public final class Flatten implements Layer {
    @Override
    public Shape outputShape(Shape input) {
        return Shape.of(input.intSize());
    }

    @Override
    public Tensor forward(Tensor input, Kernels kernels) {
        Shape sample = input.shape().withoutBatch();
        return input.reshape(Shape.of(input.batch(), sample.intSize()));
    }
}
