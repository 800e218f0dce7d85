package io.cnnstream.engine.graph;

import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.layer.Layer;
import io.cnnstream.engine.layer.LayerPath;
import io.cnnstream.engine.layer.LayerVisitor;
import io.cnnstream.engine.layer.ReLU;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;
import io.cnnstream.engine.tensor.Workspace;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A residual block, {@code relu(main(x) + shortcut(x))}: the shortcut is the identity, or a
 * projection named {@code downsample} (torchvision's 1x1 convolution + batch norm). The main path's
 * layers are this block's own children, so weight names read {@code layer1.0.conv1.weight}, as in
 * torchvision's {@code Bottleneck}.
 */
public final class Residual implements Layer {
    public static final String SHORTCUT = "downsample";

    private final Map<String, Layer> main;
    private final Layer[] mainOrder;
    private final String[] mainNames;
    private final Layer shortcut;
    private final ReLU relu = new ReLU();
    private final Map<String, Layer> children;

    /** {@code shortcut} null means the identity. */
    public Residual(Map<String, Layer> main, Layer shortcut) {
        if (main.isEmpty() || main.containsKey(SHORTCUT)) {
            throw new IllegalArgumentException("a residual main path needs layers and no layer named " + SHORTCUT);
        }
        this.main = Collections.unmodifiableMap(new LinkedHashMap<>(main));
        this.mainOrder = this.main.values().toArray(Layer[]::new);
        this.mainNames = this.main.keySet().toArray(String[]::new);
        this.shortcut = shortcut;
        Map<String, Layer> all = new LinkedHashMap<>(main);
        if (shortcut != null) {
            all.put(SHORTCUT, shortcut);
        }
        this.children = Collections.unmodifiableMap(all);
    }

    @Override
    public Map<String, Layer> children() {
        return children;
    }

    @Override
    public Shape outputShape(Shape input) {
        Shape out = input;
        for (Layer layer : main.values()) {
            out = layer.outputShape(out);
        }
        Shape identity = shortcut == null ? input : shortcut.outputShape(input);
        if (!out.equals(identity)) {
            throw new IllegalArgumentException("residual main path gives " + out + " but the shortcut gives " + identity);
        }
        return out;
    }

    @Override
    public Tensor forward(Tensor input, Kernels kernels) {
        Tensor x = Chain.run(mainOrder, mainNames, input, kernels);
        Tensor identity = input;
        if (shortcut != null) {
            LayerPath.enter(SHORTCUT);
            try {
                identity = shortcut.forward(input, kernels);
            } finally {
                LayerPath.leave();
            }
        }
        Tensor sum = kernels.add(x, identity);
        if (x.data() != input.data()) {
            Workspace.release(x);
        }
        if (identity.data() != input.data()) {
            Workspace.release(identity);
        }
        Tensor output = relu.forward(sum, kernels);
        Workspace.release(sum);
        return output;
    }

    @Override
    public Shape describe(String name, Shape input, LayerVisitor visitor) {
        Shape out = input;
        for (Map.Entry<String, Layer> layer : main.entrySet()) {
            out = layer.getValue().describe(Sequential.qualified(name, layer.getKey()), out, visitor);
        }
        if (shortcut != null) {
            shortcut.describe(Sequential.qualified(name, SHORTCUT), input, visitor);
        }
        return relu.describe(Sequential.qualified(name, "relu"), outputShape(input), visitor);
    }
}
