package io.cnnstream.engine.weights;

import io.cnnstream.engine.graph.Dag;
import io.cnnstream.engine.layer.BatchNorm2d;
import io.cnnstream.engine.layer.Conv2d;
import io.cnnstream.engine.layer.ConvTranspose2d;
import io.cnnstream.engine.layer.Layer;
import io.cnnstream.engine.layer.Linear;
import io.cnnstream.engine.layer.Parameter;
import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.onnx.OnnxImporter;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Binds the weights of an ONNX model exported from a registry model (by {@code torch.onnx.export})
 * to that registry model. Names do not survive export where the exporter folded a batch norm into
 * its convolution ({@code onnx::Conv_497}), so layers are matched by position: the graph's weighted
 * layers in file order (the exporter writes forward order) against the registry model's in its
 * definition order, each pair checked by shape. A registry convolution followed by a batch norm that
 * the export folded away gets the folded weight, and the batch norm becomes the identity carrying
 * the folded bias; inference then folds it back, so the logits are the graph's. Every mismatch is
 * reported together, as for the other formats.
 */
final class OnnxWeights {
    private OnnxWeights() {
    }

    static void bind(Model model, Path file) {
        Model graph = OnnxImporter.load(file);
        List<Layer> theirs = new ArrayList<>();
        for (Dag.Node node : ((Dag) graph.network()).nodes()) {
            if (weighted(node.layer())) {
                theirs.add(node.layer());
            }
        }
        Map<String, Layer> ours = new LinkedHashMap<>();
        collect("", model.network(), ours);
        List<String> problems = new ArrayList<>();
        Map<Parameter, Tensor> values = new LinkedHashMap<>();
        List<String> names = new ArrayList<>(ours.keySet());
        int m = 0;
        for (int r = 0; r < names.size(); r++) {
            String name = names.get(r);
            Layer mine = ours.get(name);
            Layer their = m < theirs.size() ? theirs.get(m) : null;
            if (their == null) {
                problems.add("the graph has no layer for " + name + " (" + mine.type() + "): it has " + theirs.size()
                        + " weighted layers, the model more");
                break;
            }
            if (mine.getClass() != their.getClass()) {
                problems.add(name + " is a " + mine.type() + " but the graph's weighted layer " + (m + 1) + " is a "
                        + their.type());
                break;
            }
            m++;
            BatchNorm2d foldedAway = r + 1 < names.size() && mine instanceof Conv2d
                    && ours.get(names.get(r + 1)) instanceof BatchNorm2d norm
                    && !(m < theirs.size() && theirs.get(m) instanceof BatchNorm2d) ? (BatchNorm2d) ours.get(names.get(r + 1)) : null;
            pair(name, mine, their, foldedAway, values, problems);
            if (foldedAway != null) {
                r++;
            }
        }
        if (problems.isEmpty() && m < theirs.size()) {
            problems.add("the graph has " + (theirs.size() - m) + " weighted layers more than the model, from "
                    + theirs.get(m).type());
        }
        if (!problems.isEmpty()) {
            throw new WeightsMismatchException(file.toString(), model.name(), problems);
        }
        values.forEach(Parameter::bind);
    }

    private static void pair(String name, Layer mine, Layer their, BatchNorm2d foldedAway, Map<Parameter, Tensor> values,
                             List<String> problems) {
        List<Parameter> params = mine.parameters();
        Tensor weight, bias;
        if (their instanceof Conv2d conv) {
            weight = conv.inferenceWeight();
            bias = conv.inferenceBias();
        } else if (their instanceof BatchNorm2d) {
            for (int i = 0; i < 4; i++) {
                put(name, params.get(i), their.parameters().get(i).value(), values, problems);
            }
            return;
        } else {
            weight = their.parameters().get(0).value();
            bias = their.parameters().size() > 1 ? their.parameters().get(1).value() : null;
        }
        put(name, params.get(0), weight, values, problems);
        Parameter ownBias = params.size() > 1 ? params.get(1) : null;
        if (ownBias != null) {
            put(name, ownBias, bias != null ? bias : Tensor.zeros(ownBias.shape()), values, problems);
        }
        if (foldedAway != null) {
            identityCarrying(foldedAway, ownBias == null ? bias : null, values);
        } else if (ownBias == null && bias != null && !allZero(bias)) {
            problems.add(name + " has no bias but the graph's " + their.type() + " adds one");
        }
    }

    /** A batch norm that computes {@code x + shift}: weight 1, running mean 0, running variance 1 - eps. */
    private static void identityCarrying(BatchNorm2d norm, Tensor shift, Map<Parameter, Tensor> values) {
        List<Parameter> p = norm.parameters(); // weight, bias, running_mean, running_var
        Shape shape = p.get(0).shape();
        float[] ones = new float[shape.intSize()], variance = new float[shape.intSize()];
        Arrays.fill(ones, 1f);
        Arrays.fill(variance, (float) (1 - norm.spec().eps()));
        values.put(p.get(0), Tensor.of(shape, ones));
        values.put(p.get(1), shift != null ? shift : Tensor.zeros(shape));
        values.put(p.get(2), Tensor.zeros(shape));
        values.put(p.get(3), Tensor.of(shape, variance));
    }

    private static void put(String name, Parameter p, Tensor value, Map<Parameter, Tensor> values, List<String> problems) {
        if (!value.shape().equals(p.shape())) {
            problems.add("tensor " + name + "." + p.name() + " has shape " + value.shape() + " in the graph, model needs "
                    + p.shape());
            return;
        }
        values.put(p, Tensor.of(p.shape(), value.data().clone()));
    }

    private static boolean allZero(Tensor t) {
        for (float v : t.data()) {
            if (v != 0f) {
                return false;
            }
        }
        return true;
    }

    private static boolean weighted(Layer layer) {
        return layer instanceof Conv2d || layer instanceof Linear || layer instanceof BatchNorm2d
                || layer instanceof ConvTranspose2d;
    }

    private static void collect(String prefix, Layer layer, Map<String, Layer> out) {
        if (weighted(layer)) {
            out.put(prefix, layer);
        }
        for (Map.Entry<String, Layer> child : layer.children().entrySet()) {
            collect(prefix.isEmpty() ? child.getKey() : prefix + "." + child.getKey(), child.getValue(), out);
        }
    }
}
