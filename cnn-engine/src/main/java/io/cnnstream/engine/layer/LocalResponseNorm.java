package io.cnnstream.engine.layer;

import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.kernel.LrnSpec;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

/** PyTorch's {@code LocalResponseNorm}; see {@link LrnSpec} for the formula. */
public final class LocalResponseNorm implements Layer {
    private final LrnSpec spec;

    public LocalResponseNorm(LrnSpec spec) {
        this.spec = spec;
    }

    public LrnSpec spec() {
        return spec;
    }

    @Override
    public Shape outputShape(Shape input) {
        if (input.rank() != 3) {
            throw new IllegalArgumentException("LocalResponseNorm expects CxHxW input, got " + input);
        }
        return input;
    }

    @Override
    public Tensor forward(Tensor input, Kernels kernels) {
        return kernels.localResponseNorm(input, spec);
    }
}
