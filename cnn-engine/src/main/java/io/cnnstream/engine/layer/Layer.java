package io.cnnstream.engine.layer;

import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

import java.util.List;
import java.util.Map;

/**
 * A step of a network. Shapes given to and returned by {@link #outputShape} are per sample
 * ({@code [C, H, W]} or {@code [F]}); tensors given to {@link #forward} carry a leading batch dimension.
 */
public interface Layer {

    /** The per-sample output shape, or an exception naming why {@code input} does not fit. */
    Shape outputShape(Shape input);

    /** Computes the output for a batch; never modifies {@code input}. */
    Tensor forward(Tensor input, Kernels kernels);

    /** This layer's own weights, named as in PyTorch ({@code weight}, {@code bias}). */
    default List<Parameter> parameters() {
        return List.of();
    }

    /** Sub-layers by name, in execution order, for containers; empty for a leaf. */
    default Map<String, Layer> children() {
        return Map.of();
    }

    /** Multiply-accumulates per sample (convolutions and matrix products; 0 for the rest). */
    default long macs(Shape input) {
        return 0;
    }

    /** The name shown in summaries, PyTorch's class name. */
    default String type() {
        return getClass().getSimpleName();
    }

    /**
     * Reports this layer (or, for a container, each layer inside it) to {@code visitor} with its
     * output shape, and returns the output shape. Containers override this to walk their graph.
     */
    default Shape describe(String name, Shape input, LayerVisitor visitor) {
        Shape output = outputShape(input);
        visitor.visit(name, this, input, output);
        return output;
    }
}
