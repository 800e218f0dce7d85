package io.cnnstream.engine.graph;

import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.layer.Layer;
import io.cnnstream.engine.layer.LayerPath;
import io.cnnstream.engine.layer.LayerVisitor;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;
import io.cnnstream.engine.tensor.Workspace;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parallel branches fed the same input, their outputs concatenated along channels: the Inception
 * module. Branches are named ({@code branch1} ... {@code branch4} in torchvision) and must agree on
 * height and width.
 */
public final class Concat implements Layer {
    private final Map<String, Layer> branches;

    public Concat(Map<String, Layer> branches) {
        if (branches.size() < 2) {
            throw new IllegalArgumentException("a Concat needs at least two branches, got " + branches.size());
        }
        this.branches = Collections.unmodifiableMap(new LinkedHashMap<>(branches));
    }

    @Override
    public Map<String, Layer> children() {
        return branches;
    }

    @Override
    public Shape outputShape(Shape input) {
        int channels = 0;
        Shape first = null;
        for (Map.Entry<String, Layer> branch : branches.entrySet()) {
            Shape out = branch.getValue().outputShape(input);
            if (first == null) {
                first = out;
            } else if (out.rank() != 3 || out.dim(1) != first.dim(1) || out.dim(2) != first.dim(2)) {
                throw new IllegalArgumentException("branch " + branch.getKey() + " gives " + out
                        + ", which does not concatenate with " + first);
            }
            channels += out.dim(0);
        }
        return Shape.of(channels, first.dim(1), first.dim(2));
    }

    @Override
    public Tensor forward(Tensor input, Kernels kernels) {
        List<Tensor> outputs = new ArrayList<>(branches.size());
        for (Map.Entry<String, Layer> branch : branches.entrySet()) {
            LayerPath.enter(branch.getKey());
            try {
                outputs.add(branch.getValue().forward(input, kernels));
            } finally {
                LayerPath.leave();
            }
        }
        Tensor output = kernels.concatChannels(outputs);
        for (Tensor branchOutput : outputs) {
            if (branchOutput.data() != input.data()) {
                Workspace.release(branchOutput);
            }
        }
        return output;
    }

    @Override
    public Shape describe(String name, Shape input, LayerVisitor visitor) {
        for (Map.Entry<String, Layer> branch : branches.entrySet()) {
            branch.getValue().describe(Sequential.qualified(name, branch.getKey()), input, visitor);
        }
        return outputShape(input);
    }
}
