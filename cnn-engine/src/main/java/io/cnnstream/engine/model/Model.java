package io.cnnstream.engine.model;

import io.cnnstream.engine.graph.NamedParameters;
import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.layer.Layer;
import io.cnnstream.engine.layer.Parameter;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

import java.util.Map;

/**
 * A network with its registry name and per-sample input shape. Its parameters start unbound; the
 * {@code weights} package binds them from a file or a seeded initialiser before the first forward.
 */
public final class Model {
    private final String name;
    private final String description;
    private final Shape input;
    private final Layer network;
    private final Map<String, Parameter> parameters;
    private final Shape output;
    private final InputTransform transform;

    public Model(String name, String description, Shape input, InputTransform transform, Layer network) {
        if (input.rank() != 3 || input.dim(1) != transform.crop() || input.dim(2) != transform.crop()) {
            throw new IllegalArgumentException("model " + name + " input " + input + " does not match its transform " + transform);
        }
        this.name = name;
        this.description = description;
        this.input = input;
        this.transform = transform;
        this.network = network;
        this.output = network.outputShape(input);
        if (output.rank() != 1) {
            throw new IllegalArgumentException("model " + name + " must end in a feature vector, ends in " + output);
        }
        this.parameters = NamedParameters.of(network);
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** Per-sample input shape, {@code [C, H, W]}. */
    public Shape inputShape() {
        return input;
    }

    /** Number of logits per sample. */
    /** How an image becomes this model's input. */
    public InputTransform transform() {
        return transform;
    }

    public int classes() {
        return output.dim(0);
    }

    public Layer network() {
        return network;
    }

    /** Parameters by their PyTorch {@code state_dict} name, in execution order. */
    public Map<String, Parameter> parameters() {
        return parameters;
    }

    public long parameterCount() {
        return parameters.values().stream().mapToLong(p -> p.shape().size()).sum();
    }

    /** Logits {@code [N, classes]} for a batch {@code [N, C, H, W]}. */
    public Tensor forward(Tensor batch, Kernels kernels) {
        batch.requireBatchOf(input, "input of model " + name);
        return network.forward(batch, kernels);
    }
}
