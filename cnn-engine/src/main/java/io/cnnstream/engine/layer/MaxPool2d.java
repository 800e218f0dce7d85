package io.cnnstream.engine.layer;

import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.kernel.Pool2dSpec;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

/** PyTorch's {@code MaxPool2d} (dilation 1): padding never wins the maximum. */
public final class MaxPool2d implements Layer {
    private final Pool2dSpec spec;

    public MaxPool2d(Pool2dSpec spec) {
        this.spec = spec;
    }

    /** {@code MaxPool2d(kernel_size=k, stride=s)}. */
    public MaxPool2d(int kernel, int stride) {
        this(Pool2dSpec.of(kernel, stride));
    }

    public Pool2dSpec spec() {
        return spec;
    }

    @Override
    public Shape outputShape(Shape input) {
        return spec.outputShape(input);
    }

    @Override
    public Tensor forward(Tensor input, Kernels kernels) {
        return kernels.maxPool2d(input, spec);
    }

    /** PyTorch's {@code return_indices=True}: the output and, per output, the flat index of its maximum. */
    public Kernels.PooledWithIndices forwardWithIndices(Tensor input, Kernels kernels) {
        return kernels.maxPool2dWithIndices(input, spec);
    }
}
