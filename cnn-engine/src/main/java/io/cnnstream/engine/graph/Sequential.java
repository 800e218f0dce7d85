package io.cnnstream.engine.graph;

import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.layer.Layer;
import io.cnnstream.engine.layer.LayerVisitor;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** PyTorch's {@code nn.Sequential}: children run one after the other, each fed the previous output. */
public final class Sequential implements Layer {
    private final Map<String, Layer> children;
    private final Layer[] order;
    private final String[] names;

    private Sequential(Map<String, Layer> children) {
        if (children.isEmpty()) {
            throw new IllegalArgumentException("a Sequential needs at least one layer");
        }
        this.children = Collections.unmodifiableMap(children);
        this.order = children.values().toArray(Layer[]::new);
        this.names = children.keySet().toArray(String[]::new);
    }

    /** Children named by position, {@code "0"}, {@code "1"}, ... as in {@code nn.Sequential(a, b)}. */
    public static Sequential of(Layer... layers) {
        Map<String, Layer> named = new LinkedHashMap<>();
        for (int i = 0; i < layers.length; i++) {
            named.put(Integer.toString(i), layers[i]);
        }
        return new Sequential(named);
    }

    /** Children with explicit names, in the given order (a model's top level: features, classifier). */
    public static Builder named() {
        return new Builder();
    }

    @Override
    public Map<String, Layer> children() {
        return children;
    }

    @Override
    public Shape outputShape(Shape input) {
        Shape shape = input;
        for (Layer layer : children.values()) {
            shape = layer.outputShape(shape);
        }
        return shape;
    }

    @Override
    public Tensor forward(Tensor input, Kernels kernels) {
        return Chain.run(order, names, input, kernels);
    }

    @Override
    public Shape describe(String name, Shape input, LayerVisitor visitor) {
        Shape shape = input;
        for (Map.Entry<String, Layer> child : children.entrySet()) {
            shape = child.getValue().describe(qualified(name, child.getKey()), shape, visitor);
        }
        return shape;
    }

    static String qualified(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + "." + name;
    }

    /** Collects named children in order. */
    public static final class Builder {
        private final Map<String, Layer> children = new LinkedHashMap<>();

        public Builder add(String name, Layer layer) {
            if (children.putIfAbsent(name, layer) != null) {
                throw new IllegalArgumentException("duplicate layer name " + name);
            }
            return this;
        }

        public Sequential build() {
            return new Sequential(new LinkedHashMap<>(children));
        }
    }
}
