package io.cnnstream.engine.graph;

import io.cnnstream.engine.layer.Layer;
import io.cnnstream.engine.layer.Parameter;

import java.util.LinkedHashMap;
import java.util.Map;

/** Walks a network and names every parameter by its path, PyTorch's {@code state_dict} keys. */
public final class NamedParameters {
    private NamedParameters() {
    }

    /** {@code features.0.weight -> Parameter}, in execution order. */
    public static Map<String, Parameter> of(Layer root) {
        Map<String, Parameter> out = new LinkedHashMap<>();
        collect("", root, out);
        return out;
    }

    private static void collect(String prefix, Layer layer, Map<String, Parameter> out) {
        for (Parameter p : layer.parameters()) {
            out.put(Sequential.qualified(prefix, p.name()), p);
        }
        for (Map.Entry<String, Layer> child : layer.children().entrySet()) {
            collect(Sequential.qualified(prefix, child.getKey()), child.getValue(), out);
        }
    }
}
