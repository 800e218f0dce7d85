package io.cnnstream.engine.graph;

import io.cnnstream.engine.kernel.Activation;
import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.layer.FusesActivation;
import io.cnnstream.engine.layer.Layer;
import io.cnnstream.engine.layer.LayerPath;
import io.cnnstream.engine.layer.LayerVisitor;
import io.cnnstream.engine.layer.ReLU;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;
import io.cnnstream.engine.tensor.Workspace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A network as a graph of named values, for models imported from a graph format (ONNX): each node
 * reads values by name and writes one, nodes are given in an order where every value is written
 * before it is read. A convolution or linear node whose only reader is a ReLU runs fused with it.
 * Each value goes back to the workspace once its last reader has run.
 */
public final class Dag implements Layer {
    /** One step: a layer (one input) or a {@link Merge} (several), reading {@code inputs}, writing {@code output}. */
    public record Node(String name, Layer layer, List<String> inputs, String output) {
        public Node {
            inputs = List.copyOf(inputs);
            if (!(layer instanceof Merge) && inputs.size() != 1) {
                throw new IllegalArgumentException("node " + name + ": a layer reads one value, got " + inputs);
            }
        }
    }

    /** A step that combines several values of the same batch: residual addition, channel concatenation. */
    public abstract static class Merge implements Layer {
        public abstract Shape outputShape(List<Shape> inputs);

        public abstract Tensor forward(List<Tensor> inputs, Kernels kernels);

        @Override
        public final Shape outputShape(Shape input) {
            return outputShape(List.of(input));
        }

        @Override
        public final Tensor forward(Tensor input, Kernels kernels) {
            return forward(List.of(input), kernels);
        }
    }

    /** Elementwise sum of same-shaped values (ONNX {@code Add} of two activations). */
    public static final class Add extends Merge {
        @Override
        public Shape outputShape(List<Shape> inputs) {
            for (Shape s : inputs) {
                if (!s.equals(inputs.get(0))) {
                    throw new IllegalArgumentException("Add of " + inputs + ": shapes differ");
                }
            }
            return inputs.get(0);
        }

        @Override
        public Tensor forward(List<Tensor> inputs, Kernels kernels) {
            Tensor sum = kernels.add(inputs.get(0), inputs.get(1));
            for (int i = 2; i < inputs.size(); i++) {
                Tensor next = kernels.add(sum, inputs.get(i));
                Workspace.release(sum);
                sum = next;
            }
            return sum;
        }
    }

    /** Concatenation along channels (ONNX {@code Concat} on axis 1). */
    public static final class ConcatChannels extends Merge {
        @Override
        public Shape outputShape(List<Shape> inputs) {
            Shape first = inputs.get(0);
            int channels = 0;
            for (Shape s : inputs) {
                if (s.rank() != 3 || s.dim(1) != first.dim(1) || s.dim(2) != first.dim(2)) {
                    throw new IllegalArgumentException("Concat of " + inputs + " along channels: heights and widths differ");
                }
                channels += s.dim(0);
            }
            return Shape.of(channels, first.dim(1), first.dim(2));
        }

        @Override
        public Tensor forward(List<Tensor> inputs, Kernels kernels) {
            return kernels.concatChannels(inputs);
        }

        @Override
        public String type() {
            return "Concat";
        }
    }

    private final String input;
    private final String output;
    private final List<Node> nodes;
    private final boolean[] fusedWithNext;
    private final boolean[] skipped;
    private final Map<String, Integer> readers = new HashMap<>();
    private final Map<String, Layer> children = new LinkedHashMap<>();

    /** {@code nodes} in an order where each value is written before it is read; {@code input} is the graph's. */
    public Dag(String input, List<Node> nodes, String output) {
        this.input = input;
        this.output = output;
        this.nodes = List.copyOf(nodes);
        Map<String, Integer> writer = new HashMap<>();
        for (int i = 0; i < this.nodes.size(); i++) {
            Node node = this.nodes.get(i);
            for (String read : node.inputs()) {
                if (!read.equals(input) && !writer.containsKey(read)) {
                    throw new IllegalArgumentException("node " + node.name() + " reads '" + read
                            + "' before any node writes it");
                }
                readers.merge(read, 1, Integer::sum);
            }
            if (writer.put(node.output(), i) != null || node.output().equals(input)) {
                throw new IllegalArgumentException("value '" + node.output() + "' is written twice");
            }
            if (children.put(node.name(), node.layer()) != null) {
                throw new IllegalArgumentException("two nodes are named " + node.name());
            }
        }
        if (!writer.containsKey(output)) {
            throw new IllegalArgumentException("no node writes the graph output '" + output + "'");
        }
        this.fusedWithNext = new boolean[this.nodes.size()];
        this.skipped = new boolean[this.nodes.size()];
        for (int i = 0; i + 1 < this.nodes.size(); i++) {
            Node node = this.nodes.get(i), next = this.nodes.get(i + 1);
            if (node.layer() instanceof FusesActivation && next.layer() instanceof ReLU && !skipped[i]
                    && next.inputs().get(0).equals(node.output()) && readers.get(node.output()) == 1
                    && !node.output().equals(output)) {
                fusedWithNext[i] = true;
                skipped[i + 1] = true;
            }
        }
    }

    public List<Node> nodes() {
        return nodes;
    }

    @Override
    public Map<String, Layer> children() {
        return Collections.unmodifiableMap(children);
    }

    @Override
    public Shape outputShape(Shape sample) {
        return shapes(sample).get(output);
    }

    /** The per-sample shape of every value; an exception names the node whose input does not fit. */
    public Map<String, Shape> shapes(Shape sample) {
        Map<String, Shape> shapes = new HashMap<>();
        shapes.put(input, sample);
        for (Node node : nodes) {
            List<Shape> in = new ArrayList<>();
            for (String read : node.inputs()) {
                in.add(shapes.get(read));
            }
            try {
                shapes.put(node.output(), node.layer() instanceof Merge merge ? merge.outputShape(in)
                        : node.layer().outputShape(in.get(0)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("node " + node.name() + " (" + node.layer().type() + ") on input "
                        + in + ": " + e.getMessage(), e);
            }
        }
        return shapes;
    }

    @Override
    public Tensor forward(Tensor batch, Kernels kernels) {
        Map<String, Tensor> values = new HashMap<>();
        // pending reads per array: a view (Flatten, Dropout) shares its input's memory, which is
        // released only when no value on it has a reader left
        Map<float[], Integer> pending = new IdentityHashMap<>();
        values.put(input, batch);
        for (int i = 0; i < nodes.size(); i++) {
            if (skipped[i]) {
                continue;
            }
            Node node = nodes.get(i);
            List<Tensor> in = new ArrayList<>(node.inputs().size());
            for (String read : node.inputs()) {
                in.add(values.get(read));
            }
            Tensor out;
            LayerPath.enter(node.name());
            try {
                if (fusedWithNext[i]) {
                    out = ((FusesActivation) node.layer()).forward(in.get(0), kernels, Activation.relu());
                } else if (node.layer() instanceof Merge merge) {
                    out = merge.forward(in, kernels);
                } else {
                    out = node.layer().forward(in.get(0), kernels);
                }
            } finally {
                LayerPath.leave();
            }
            String written = fusedWithNext[i] ? nodes.get(i + 1).output() : node.output();
            values.put(written, out);
            int reads = written.equals(output) ? Integer.MAX_VALUE / 2 : readers.getOrDefault(written, 0);
            pending.merge(out.data(), reads, Integer::sum);
            for (Tensor read : in) {
                if (read.data() != batch.data() && pending.merge(read.data(), -1, Integer::sum) == 0) {
                    Workspace.release(read);
                }
            }
        }
        return values.get(output);
    }

    @Override
    public Shape describe(String name, Shape sample, LayerVisitor visitor) {
        Map<String, Shape> shapes = shapes(sample);
        for (Node node : nodes) {
            Shape in = shapes.get(node.inputs().get(0));
            if (node.layer() instanceof Merge) {
                visitor.visit(Sequential.qualified(name, node.name()), node.layer(), in, shapes.get(node.output()));
            } else {
                node.layer().describe(Sequential.qualified(name, node.name()), in, visitor);
            }
        }
        return shapes.get(output);
    }
}
