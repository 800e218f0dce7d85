package io.cnnstream.engine.graph;

import io.cnnstream.engine.kernel.Activation;
import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.layer.BatchNorm2d;
import io.cnnstream.engine.layer.FusesActivation;
import io.cnnstream.engine.layer.Layer;
import io.cnnstream.engine.layer.LayerPath;
import io.cnnstream.engine.layer.ReLU;
import io.cnnstream.engine.tensor.Tensor;
import io.cnnstream.engine.tensor.Workspace;

/**
 * Runs layers one after the other. A convolution or linear layer followed by a ReLU (past batch
 * norms folded into it) runs as one fused kernel call. Each intermediate result goes back to the
 * workspace as soon as the next layer has consumed it; the chain's own input is the caller's and
 * is never released.
 */
final class Chain {
    private Chain() {
    }

    /** Runs {@code layers}, named {@code names} (for {@link LayerPath}), on {@code input}. */
    static Tensor run(Layer[] layers, String[] names, Tensor input, Kernels kernels) {
        Tensor x = input;
        for (int i = 0; i < layers.length; i++) {
            Tensor y;
            int relu = followingRelu(layers, i);
            LayerPath.enter(names[i]);
            try {
                if (relu > 0 && layers[i] instanceof FusesActivation fusing) {
                    // the skipped norms are pass-throughs once folded
                    y = fusing.forward(x, kernels, Activation.relu());
                    i = relu;
                } else {
                    y = layers[i].forward(x, kernels);
                }
            } finally {
                LayerPath.leave();
            }
            // keep the caller's input (and any view of it), and x when y is a reshaped view of it
            if (x.data() != input.data() && y.data() != x.data()) {
                Workspace.release(x);
            }
            x = y;
        }
        return x;
    }

    /** The index of a ReLU right after layer i (past batch norms folded into it), or -1. */
    private static int followingRelu(Layer[] layers, int i) {
        int next = i + 1;
        while (next < layers.length && layers[next] instanceof BatchNorm2d norm && norm.isFolded()) {
            next++;
        }
        return next < layers.length && layers[next] instanceof ReLU ? next : -1;
    }
}
