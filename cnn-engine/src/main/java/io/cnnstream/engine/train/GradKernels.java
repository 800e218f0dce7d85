package io.cnnstream.engine.train;

import io.cnnstream.engine.kernel.Conv2dSpec;
import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

/**
 * The backward passes of the two layers that hold nearly all of training's arithmetic. Given
 * {@code dy = dL/dy}, the {@code *Input} methods return {@code dL/dx} and the {@code *Weight} methods
 * <em>add</em> {@code dL/dW} (and {@code dL/db}, when the accumulator is not null) into the caller's
 * accumulators. Calls run on the calling thread: training parallelises over the batch, one shard per
 * worker. Implementations differ in speed only and must agree with {@link ScalarGradKernels}, the oracle.
 */
public interface GradKernels {
    String name();

    /** {@code dy [N, outC, OH, OW]}, weight {@code [outC, inC/groups, kH, kW]} to {@code dx} of {@code inputShape}. */
    Tensor conv2dInput(Tensor dy, Tensor weight, Conv2dSpec spec, Shape inputShape);

    /** Adds the convolution's weight (and bias) gradients for input {@code x} into {@code dWeight} ({@code dBias}). */
    void conv2dWeight(Tensor dy, Tensor x, Conv2dSpec spec, float[] dWeight, float[] dBias);

    /** {@code dy [N, out]}, weight {@code [out, in]} to {@code dx [N, in]}. */
    Tensor linearInput(Tensor dy, Tensor weight);

    /** Adds {@code dy^T x} into {@code dWeight [out, in]} and the column sums of {@code dy} into {@code dBias}. */
    void linearWeight(Tensor dy, Tensor x, float[] dWeight, float[] dBias);

    /** {@code scalar} (the oracle) or {@code fast} (matrix products on {@code kernels}). */
    static GradKernels create(String name, Kernels kernels) {
        return switch (name) {
            case "scalar" -> new ScalarGradKernels();
            case "fast" -> new FastGradKernels(kernels);
            default -> throw new IllegalArgumentException("unknown gradient kernels '" + name + "'; known: fast, scalar");
        };
    }
}
