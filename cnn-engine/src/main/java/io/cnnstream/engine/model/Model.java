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
    private final java.util.List<String> ignoredTensorPrefixes;

    /** {@code transform} null: the model takes raw tensors only (no image preprocessing defined for it). */
    public Model(String name, String description, Shape input, InputTransform transform, Layer network) {
        this(name, description, input, transform, network, java.util.List.of());
    }

    /**
     * {@code ignoredTensorPrefixes}: weights-file tensors that belong to training-only parts left out
     * of this inference graph (GoogLeNet's {@code aux1.}, {@code aux2.}); accepted and ignored.
     */
    public Model(String name, String description, Shape input, InputTransform transform, Layer network,
                 java.util.List<String> ignoredTensorPrefixes) {
        if (transform != null && (input.rank() != 3 || input.dim(0) != transform.channels() || input.dim(1) != transform.side()
                || input.dim(2) != transform.side())) {
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
        this.ignoredTensorPrefixes = java.util.List.copyOf(ignoredTensorPrefixes);
    }

    /** Whether a weights-file tensor of this name belongs to a part this inference graph leaves out. */
    public boolean ignoresTensor(String name) {
        return ignoredTensorPrefixes.stream().anyMatch(name::startsWith);
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
    /** How an image becomes this model's input, or null for a model that takes raw tensors only. */
    public InputTransform transform() {
        return transform;
    }

    public boolean acceptsImages() {
        return transform != null;
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

    /** Learned parameters, as torchvision counts them (batch norm's running statistics excluded). */
    public long parameterCount() {
        return parameters.values().stream().filter(p -> !p.isBuffer()).mapToLong(p -> p.shape().size()).sum();
    }

    /** Logits {@code [N, classes]} for a batch {@code [N, C, H, W]}. */
    public Tensor forward(Tensor batch, Kernels kernels) {
        batch.requireBatchOf(input, "input of model " + name);
        return network.forward(batch, kernels);
    }

    /** The output of the layer named {@code layer} (a state-dict path: {@code features.3}), as a PyTorch forward hook sees it. */
    public Tensor forwardUntil(Tensor batch, String layer, Kernels kernels) {
        batch.requireBatchOf(input, "input of model " + name);
        return io.cnnstream.engine.graph.ForwardUntil.run(network, batch, layer, kernels);
    }

    /** The names {@link #forwardUntil} accepts, in execution order. */
    public java.util.List<String> layerNames() {
        return io.cnnstream.engine.graph.ForwardUntil.names(network);
    }
}
