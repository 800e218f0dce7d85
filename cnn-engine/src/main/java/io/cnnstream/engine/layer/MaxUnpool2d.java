package io.cnnstream.engine.layer;

import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.kernel.Pool2dSpec;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

/**
 * PyTorch's {@code MaxUnpool2d}: the partial inverse of a max pooling, placing each value at the index
 * its pooling recorded and zeros elsewhere (seed 003's unpooling). It needs the indices of a
 * {@link MaxPool2d#forwardWithIndices} as a second input, so it is used through {@link #unpool}
 * rather than inside a {@code Sequential}.
 */
public final class MaxUnpool2d {
    private final Pool2dSpec spec;

    /** {@code MaxUnpool2d(kernel_size, stride, padding)}. */
    public MaxUnpool2d(int kernel, int stride, int padding) {
        this.spec = new Pool2dSpec(kernel, kernel, stride, stride, padding, padding, false, true);
    }

    /** {@code (in - 1) * stride - 2 * padding + kernel}, PyTorch's default output size. */
    public Shape outputShape(Shape input) {
        if (input.rank() != 3) {
            throw new IllegalArgumentException("MaxUnpool2d expects CxHxW input, got " + input);
        }
        return Shape.of(input.dim(0),
                (input.dim(1) - 1) * spec.strideH() - 2 * spec.padH() + spec.kernelH(),
                (input.dim(2) - 1) * spec.strideW() - 2 * spec.padW() + spec.kernelW());
    }

    public Tensor unpool(Tensor input, int[] indices, Kernels kernels) {
        Shape out = outputShape(input.shape().withoutBatch());
        return kernels.maxUnpool2d(input, indices, out.dim(1), out.dim(2));
    }
}
