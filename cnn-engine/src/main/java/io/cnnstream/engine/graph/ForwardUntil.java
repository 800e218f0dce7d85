package io.cnnstream.engine.graph;

import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.layer.Layer;
import io.cnnstream.engine.tensor.Tensor;

import java.util.ArrayList;
import java.util.List;

/**
 * A forward pass that stops at a named layer and returns its output, what a PyTorch forward hook
 * on that module sees. Names are state-dict paths ({@code features.3}, {@code classifier}): every
 * layer of nested {@code Sequential}s, and each block that is not a {@code Sequential} (an Inception
 * block, a residual block, an imported graph) as a whole. Layers run one by one, unfused, so that
 * each output is that layer's alone; a convolution whose batch norm was folded into it at load
 * includes that batch norm.
 */
public final class ForwardUntil {
    private ForwardUntil() {
    }

    /** The output of {@code target} for {@code input}; the names it accepts are {@link #names}. */
    public static Tensor run(Layer network, Tensor input, String target, Kernels kernels) {
        Tensor[] found = new Tensor[1];
        walk("", network, input, target, kernels, found);
        if (found[0] == null) {
            throw new IllegalArgumentException("no layer named '" + target + "'; layers: " + String.join(", ", names(network)));
        }
        return found[0];
    }

    /** The names {@link #run} accepts, in execution order. */
    public static List<String> names(Layer network) {
        List<String> out = new ArrayList<>();
        collect("", network, out);
        return out;
    }

    private static Tensor walk(String path, Layer layer, Tensor x, String target, Kernels kernels, Tensor[] found) {
        Tensor y;
        if (layer instanceof Sequential) {
            y = x;
            for (var child : layer.children().entrySet()) {
                y = walk(Sequential.qualified(path, child.getKey()), child.getValue(), y, target, kernels, found);
                if (found[0] != null) {
                    return found[0];
                }
            }
        } else {
            y = layer.forward(x, kernels);
        }
        if (path.equals(target)) {
            found[0] = y;
        }
        return y;
    }

    private static void collect(String path, Layer layer, List<String> out) {
        if (layer instanceof Sequential) {
            layer.children().forEach((name, child) -> collect(Sequential.qualified(path, name), child, out));
        }
        if (!path.isEmpty()) {
            out.add(path);
        }
    }
}
