package io.cnnstream.engine.layer;

import io.cnnstream.engine.kernel.Activation;
import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.tensor.Tensor;

/**
 * A layer whose kernel can apply the activation that follows it while its output is still in
 * registers (convolution and fully connected layers: bias + ReLU fused), saving a pass over memory.
 */
public interface FusesActivation extends Layer {

    /** {@code then.apply(forward(input))}, computed in one go where the kernels can. */
    Tensor forward(Tensor input, Kernels kernels, Activation then);
}
