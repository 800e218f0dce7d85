package io.cnnstream.engine.layer;

import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.kernel.Pool2dSpec;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

/** PyTorch's {@code AvgPool2d}, with its {@code ceil_mode} and {@code count_include_pad}. */
public final class AvgPool2d implements Layer {
    private final Pool2dSpec spec;

    public AvgPool2d(Pool2dSpec spec) {
        this.spec = spec;
    }

    /** {@code AvgPool2d(kernel_size=k, stride=s)}. */
    public AvgPool2d(int kernel, int stride) {
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
        return kernels.avgPool2d(input, spec);
    }
}
