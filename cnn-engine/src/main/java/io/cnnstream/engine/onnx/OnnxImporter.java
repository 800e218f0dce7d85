package io.cnnstream.engine.onnx;

import io.cnnstream.engine.graph.Dag;
import io.cnnstream.engine.kernel.Conv2dSpec;
import io.cnnstream.engine.kernel.ConvTranspose2dSpec;
import io.cnnstream.engine.kernel.LrnSpec;
import io.cnnstream.engine.kernel.Pool2dSpec;
import io.cnnstream.engine.layer.AdaptiveAvgPool2d;
import io.cnnstream.engine.layer.AvgPool2d;
import io.cnnstream.engine.layer.BatchNorm2d;
import io.cnnstream.engine.layer.ChannelAffine;
import io.cnnstream.engine.layer.ChannelSlice;
import io.cnnstream.engine.layer.Conv2d;
import io.cnnstream.engine.layer.ConvTranspose2d;
import io.cnnstream.engine.layer.Dropout;
import io.cnnstream.engine.layer.ELU;
import io.cnnstream.engine.layer.Flatten;
import io.cnnstream.engine.layer.Identity;
import io.cnnstream.engine.layer.Layer;
import io.cnnstream.engine.layer.LeakyReLU;
import io.cnnstream.engine.layer.Linear;
import io.cnnstream.engine.layer.LocalResponseNorm;
import io.cnnstream.engine.layer.MaxPool2d;
import io.cnnstream.engine.layer.Parameter;
import io.cnnstream.engine.layer.ReLU;
import io.cnnstream.engine.layer.Sigmoid;
import io.cnnstream.engine.layer.Softmax;
import io.cnnstream.engine.layer.Tanh;
import io.cnnstream.engine.model.InputTransform;
import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.onnx.proto.OnnxProto.NodeProto;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds an engine network ({@link Dag}) from an {@link OnnxGraph}, one engine layer per ONNX node,
 * with the initializers bound as the layers' weights. Every operator, attribute and shape is checked
 * here, at load: an unsupported one is refused with the node's name and type, never at run time.
 * A batch normalization right after a convolution (its only reader) is folded into it, as the
 * engine does for its own models; a MatMul followed by the Add of a constant becomes one Linear.
 */
public final class OnnxImporter {
    /** The operators graph import reads. */
    public static final List<String> OPERATORS = List.of("Conv", "ConvTranspose", "Gemm", "MatMul", "Add", "Relu",
            "LeakyRelu", "Elu", "Tanh", "Sigmoid", "MaxPool", "AveragePool", "GlobalAveragePool", "LRN",
            "BatchNormalization", "Concat", "Flatten", "Reshape", "Dropout", "Identity", "Softmax", "Constant", "Pad (of zeros)",
            "Gather + Unsqueeze of one channel", "Mul and Add by a scalar");

    private final OnnxGraph graph;
    private final Map<String, Constant> constants;
    private final List<Dag.Node> built = new ArrayList<>();
    private final Map<String, Integer> writerOf = new HashMap<>();
    private final Set<String> names = new HashSet<>();
    private final Set<Linear> fromMatMul = new HashSet<>();
    private final Set<String> slicesToUnsqueeze = new HashSet<>();

    private OnnxImporter(OnnxGraph graph) {
        this.graph = graph;
        this.constants = new HashMap<>(graph.constants());
    }

    /** The model {@code path} describes, weights bound, ready to run; {@link OnnxFormatException} otherwise. */
    public static Model load(Path path) {
        OnnxGraph graph = OnnxGraph.read(path);
        try {
            return new OnnxImporter(graph).build();
        } catch (OnnxFormatException e) {
            throw new OnnxFormatException("ONNX model " + path + ": " + e.getMessage(), e);
        }
    }

    private Model build() {
        List<NodeProto> nodes = graph.nodes();
        for (int i = 0; i < nodes.size(); i++) {
            NodeProto node = nodes.get(i);
            String name = unique(OnnxGraph.name(node, i));
            if (!node.getDomain().isEmpty() && !node.getDomain().equals("ai.onnx")) {
                throw new OnnxFormatException("node " + name + " is operator " + node.getOpType() + " of domain '"
                        + node.getDomain() + "', which is not supported");
            }
            translate(name, node);
        }
        Shape input = Shape.of(graph.inputDims());
        Dag dag;
        try {
            dag = new Dag(graph.input(), built, graph.output());
            Shape out = dag.outputShape(input);
            if (out.rank() != 1) {
                throw new OnnxFormatException("the output has per-image shape " + out + "; a classifier ends in a "
                        + "vector of logits");
            }
            if (graph.declaredClasses() > 0 && graph.declaredClasses() != out.dim(0)) {
                throw new OnnxFormatException("the output is declared with " + graph.declaredClasses()
                        + " classes but the graph computes " + out.dim(0));
            }
        } catch (IllegalArgumentException e) {
            throw new OnnxFormatException(e.getMessage(), e);
        }
        String file = graph.path().getFileName().toString();
        return new Model(file, "ONNX graph of " + built.size() + " nodes, opset " + graph.opset()
                + (graph.producer().isEmpty() ? "" : ", made by " + graph.producer()), input, transform(input), dag);
    }

    /**
     * torchvision's evaluation transform for a square RGB input ({@code Resize(256)} for crops of 224
     * to 256, as torchvision's models use, {@code Resize(crop * 8 / 7)} for others, ImageNet
     * statistics); other inputs take raw tensors only.
     */
    static InputTransform transform(Shape input) {
        if (input.rank() != 3 || input.dim(0) != 3 || input.dim(1) != input.dim(2)) {
            return null;
        }
        int crop = input.dim(1);
        return crop >= 224 && crop <= 256 ? InputTransform.imagenet(crop)
                : new InputTransform(crop * 8 / 7, crop, InputTransform.IMAGENET_MEAN, InputTransform.IMAGENET_STD);
    }

    private void translate(String name, NodeProto node) {
        switch (node.getOpType()) {
            case "Constant" -> constant(name, node);
            case "Conv" -> conv(name, node);
            case "ConvTranspose" -> convTranspose(name, node);
            case "Gemm" -> gemm(name, node);
            case "MatMul" -> matMul(name, node);
            case "Add" -> add(name, node);
            case "BatchNormalization" -> batchNorm(name, node);
            case "MaxPool", "AveragePool" -> pool(name, node);
            case "GlobalAveragePool" -> unary(name, node, new AdaptiveAvgPool2d(1, 1), Set.of());
            case "Relu" -> unary(name, node, new ReLU(), Set.of());
            case "Tanh" -> unary(name, node, new Tanh(), Set.of());
            case "Sigmoid" -> unary(name, node, new Sigmoid(), Set.of());
            case "LeakyRelu" -> unary(name, node,
                    new LeakyReLU(new Attributes(name, node, Set.of("alpha")).real("alpha", 0.01f)), Set.of("alpha"));
            case "Elu" -> unary(name, node, new ELU(new Attributes(name, node, Set.of("alpha")).real("alpha", 1f)),
                    Set.of("alpha"));
            case "LRN" -> lrn(name, node);
            case "Concat" -> concat(name, node);
            case "Flatten" -> flatten(name, node);
            case "Reshape" -> reshape(name, node);
            case "Dropout" -> passThrough(name, node, new Dropout());
            case "Identity" -> identity(name, node);
            case "Gather" -> gather(name, node);
            case "Unsqueeze" -> unsqueeze(name, node);
            case "Mul" -> multiply(name, node);
            case "Pad" -> pad(name, node);
            case "Softmax" -> softmax(name, node);
            default -> throw new OnnxFormatException("node " + name + " is operator " + node.getOpType()
                    + ", which graph import does not support (supported: " + String.join(", ", OPERATORS) + ")");
        }
    }

    private void constant(String name, NodeProto node) {
        Attributes a = new Attributes(name, node, Set.of("value"));
        if (a.raw("value") == null) {
            throw new OnnxFormatException("node " + name + " (Constant) has no tensor 'value'");
        }
        Constant value = Constant.of(a.raw("value").getT(), "node " + name + " (Constant)");
        constants.put(node.getOutput(0), new Constant(node.getOutput(0), value.dims(), value.floats(), value.longs()));
    }

    private void conv(String name, NodeProto node) {
        Attributes a = new Attributes(name, node, Set.of("kernel_shape", "strides", "pads", "dilations", "group", "auto_pad"));
        Constant w = weight(name, node, 1, 4);
        Constant b = node.getInputCount() > 2 && !node.getInput(2).isEmpty() ? weight(name, node, 2, 1) : null;
        int groups = a.small(a.integer("group", 1), "group");
        int[] pads = symmetricPads(name, a);
        long[] strides = a.integers("strides", 2, 1, 1);
        requireUnitDilations(name, a);
        requireKernel(name, a, w.dims()[2], w.dims()[3]);
        Conv2d conv = new Conv2d(spec(name, () -> new Conv2dSpec(w.dims()[1] * groups, w.dims()[0], w.dims()[2], w.dims()[3],
                a.small(strides[0], "stride"), a.small(strides[1], "stride"), pads[0], pads[1], groups, b != null)));
        bind(conv, w, b);
        add(name, conv, activation(name, node, 0), node.getOutput(0));
    }

    private void convTranspose(String name, NodeProto node) {
        Attributes a = new Attributes(name, node, Set.of("kernel_shape", "strides", "pads", "dilations", "group",
                "auto_pad", "output_padding"));
        Constant w = weight(name, node, 1, 4);
        Constant b = node.getInputCount() > 2 && !node.getInput(2).isEmpty() ? weight(name, node, 2, 1) : null;
        int groups = a.small(a.integer("group", 1), "group");
        int[] pads = symmetricPads(name, a);
        long[] strides = a.integers("strides", 2, 1, 1), extra = a.integers("output_padding", 2, 0, 0);
        requireUnitDilations(name, a);
        requireKernel(name, a, w.dims()[2], w.dims()[3]);
        ConvTranspose2d layer = new ConvTranspose2d(spec(name, () -> new ConvTranspose2dSpec(w.dims()[0],
                w.dims()[1] * groups, w.dims()[2], w.dims()[3], a.small(strides[0], "stride"), a.small(strides[1], "stride"),
                pads[0], pads[1], a.small(extra[0], "output_padding"), a.small(extra[1], "output_padding"), groups, b != null)));
        bind(layer, w, b);
        add(name, layer, activation(name, node, 0), node.getOutput(0));
    }

    private void gemm(String name, NodeProto node) {
        Attributes a = new Attributes(name, node, Set.of("alpha", "beta", "transA", "transB"));
        if (a.integer("transA", 0) != 0) {
            throw new OnnxFormatException("node " + name + " (Gemm) has transA=1, which is not supported");
        }
        Constant b = weight(name, node, 1, 2);
        boolean transB = a.integer("transB", 0) != 0;
        int out = transB ? b.dims()[0] : b.dims()[1], in = transB ? b.dims()[1] : b.dims()[0];
        float[] weight = transB ? b.floats().clone() : transpose(b.floats(), in, out);
        scale(weight, a.real("alpha", 1f));
        float[] bias = new float[out];
        if (node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
            Constant c = constant(name, node, 2);
            float[] values = c.requireFloats("bias of " + name);
            if (values.length != out && values.length != 1) {
                throw new OnnxFormatException("node " + name + " (Gemm) has a bias of " + values.length + " values for "
                        + out + " outputs");
            }
            for (int i = 0; i < out; i++) {
                bias[i] = values[values.length == 1 ? 0 : i] * a.real("beta", 1f);
            }
        }
        Linear linear = new Linear(in, out);
        bindAll(linear, weight, bias);
        add(name, linear, activation(name, node, 0), node.getOutput(0));
    }

    private void matMul(String name, NodeProto node) {
        new Attributes(name, node, Set.of());
        Constant b = weight(name, node, 1, 2);
        int in = b.dims()[0], out = b.dims()[1];
        Linear linear = new Linear(in, out);
        bindAll(linear, transpose(b.floats(), in, out), new float[out]);
        fromMatMul.add(linear);
        add(name, linear, activation(name, node, 0), node.getOutput(0));
    }

    /** Two activations: a residual sum. An activation and a constant: the bias of the MatMul before it. */
    private void add(String name, NodeProto node) {
        new Attributes(name, node, Set.of());
        List<String> activations = new ArrayList<>();
        Constant constant = null;
        for (String read : node.getInputList()) {
            if (constants.containsKey(read)) {
                constant = constants.get(read);
            } else {
                activations.add(read);
            }
        }
        if (constant == null && activations.size() == 2) {
            built.add(new Dag.Node(name, new Dag.Add(), activations, node.getOutput(0)));
            writerOf.put(node.getOutput(0), built.size() - 1);
            return;
        }
        Integer producer = activations.size() == 1 ? writerOf.get(activations.get(0)) : null;
        Dag.Node previous = producer == null ? null : built.get(producer);
        if (constant != null && previous != null && previous.layer() instanceof ChannelAffine scaled
                && constant.elements() == 1 && constant.floats() != null && graph.readers(activations.get(0)) == 1) {
            built.set(producer, new Dag.Node(previous.name(), scaled.shiftedBy(constant.floats()[0]), previous.inputs(),
                    previous.output()));
            rewrite(producer, node.getOutput(0));
            return;
        }
        if (constant == null || previous == null || !(previous.layer() instanceof Linear linear)
                || !fromMatMul.contains(linear) || graph.readers(activations.get(0)) != 1) {
            throw new OnnxFormatException("node " + name + " (Add) adds a constant to something other than a MatMul's "
                    + "result; only residual sums and MatMul biases are supported");
        }
        float[] bias = constant.requireFloats("bias of " + name);
        Parameter biasParameter = linear.parameters().get(1);
        if (bias.length != biasParameter.shape().intSize()) {
            throw new OnnxFormatException("node " + name + " (Add) adds " + bias.length + " values to "
                    + biasParameter.shape().intSize() + " features");
        }
        biasParameter.bind(Tensor.of(biasParameter.shape(), bias.clone()));
        fromMatMul.remove(linear);
        rewrite(producer, node.getOutput(0));
    }

    private void batchNorm(String name, NodeProto node) {
        Attributes a = new Attributes(name, node, Set.of("epsilon", "momentum", "training_mode", "spatial"));
        if (a.integer("training_mode", 0) != 0 || a.integer("spatial", 1) != 1) {
            throw new OnnxFormatException("node " + name + " (BatchNormalization) is in training mode or not spatial");
        }
        float[][] values = new float[4][];
        for (int i = 0; i < 4; i++) {
            values[i] = weight(name, node, i + 1, 1).floats();
        }
        BatchNorm2d norm = new BatchNorm2d(values[0].length, a.real("epsilon", 1e-5f));
        List<Parameter> params = norm.parameters(); // weight, bias, running_mean, running_var
        for (int i = 0; i < 4; i++) {
            requireLength(name, values[i], params.get(i).shape().intSize());
            params.get(i).bind(Tensor.of(params.get(i).shape(), values[i]));
        }
        String source = activation(name, node, 0);
        Integer producer = writerOf.get(source);
        if (producer != null && built.get(producer).layer() instanceof Conv2d conv && graph.readers(source) == 1) {
            conv.foldBatchNorm(norm);
            rewrite(producer, node.getOutput(0));
            return;
        }
        add(name, norm, source, node.getOutput(0));
    }

    private void pool(String name, NodeProto node) {
        boolean max = node.getOpType().equals("MaxPool");
        Attributes a = new Attributes(name, node, max
                ? Set.of("kernel_shape", "strides", "pads", "dilations", "ceil_mode", "auto_pad", "storage_order")
                : Set.of("kernel_shape", "strides", "pads", "ceil_mode", "auto_pad", "count_include_pad"));
        if (node.getOutputCount() > 1 && !node.getOutput(1).isEmpty()) {
            throw new OnnxFormatException("node " + name + " (MaxPool) has an Indices output, which is not supported");
        }
        long[] kernel = a.integers("kernel_shape", 2);
        if (kernel == null) {
            throw new OnnxFormatException("node " + name + " (" + node.getOpType() + ") has no kernel_shape");
        }
        long[] strides = a.integers("strides", 2, 1, 1);
        int[] pads = symmetricPads(name, a);
        requireUnitDilations(name, a);
        boolean ceil = a.integer("ceil_mode", 0) != 0, includePad = a.integer("count_include_pad", 0) != 0;
        Pool2dSpec spec = spec(name, () -> new Pool2dSpec(a.small(kernel[0], "kernel"), a.small(kernel[1], "kernel"),
                a.small(strides[0], "stride"), a.small(strides[1], "stride"), pads[0], pads[1], ceil, includePad));
        add(name, max ? new MaxPool2d(spec) : new AvgPool2d(spec), activation(name, node, 0), node.getOutput(0));
    }

    private void lrn(String name, NodeProto node) {
        Attributes a = new Attributes(name, node, Set.of("size", "alpha", "beta", "bias"));
        LrnSpec spec = spec(name, () -> new LrnSpec(a.small(a.integer("size", 0), "size"), a.real("alpha", 1e-4f),
                a.real("beta", 0.75f), a.real("bias", 1f)));
        add(name, new LocalResponseNorm(spec), activation(name, node, 0), node.getOutput(0));
    }

    private void concat(String name, NodeProto node) {
        Attributes a = new Attributes(name, node, Set.of("axis"));
        long axis = a.integer("axis", 1);
        if (axis != 1 && axis != -3) {
            throw new OnnxFormatException("node " + name + " (Concat) joins along axis " + axis
                    + "; only channels (axis 1 of NCHW) are supported");
        }
        List<String> inputs = new ArrayList<>();
        for (int i = 0; i < node.getInputCount(); i++) {
            inputs.add(activation(name, node, i));
        }
        built.add(new Dag.Node(name, new Dag.ConcatChannels(), inputs, node.getOutput(0)));
        writerOf.put(node.getOutput(0), built.size() - 1);
    }

    private void flatten(String name, NodeProto node) {
        Attributes a = new Attributes(name, node, Set.of("axis"));
        if (a.integer("axis", 1) != 1) {
            throw new OnnxFormatException("node " + name + " (Flatten) has axis " + a.integer("axis", 1)
                    + "; only axis 1 (keep the batch) is supported");
        }
        add(name, new Flatten(), activation(name, node, 0), node.getOutput(0));
    }

    /** A reshape to {@code [batch, features]}: shape {@code [0, -1]}, {@code [-1, F]} or {@code [0, F]}. */
    private void reshape(String name, NodeProto node) {
        new Attributes(name, node, Set.of("allowzero"));
        long[] shape = constant(name, node, 1).requireLongs("shape of " + name);
        boolean keepsBatch = shape.length == 2 && (shape[0] == 0 || shape[0] == -1) && (shape[1] == -1 || shape[1] > 0)
                && !(shape[0] == -1 && shape[1] == -1);
        if (!keepsBatch) {
            throw new OnnxFormatException("node " + name + " (Reshape) to " + java.util.Arrays.toString(shape)
                    + "; only a flattening to [batch, features] ([0, -1], [-1, F]) is supported");
        }
        add(name, new Flatten(), activation(name, node, 0), node.getOutput(0));
    }

    private void passThrough(String name, NodeProto node, Layer layer) {
        new Attributes(name, node, Set.of("ratio", "seed", "training_mode"));
        if (node.getOutputCount() > 1 && !node.getOutput(1).isEmpty() && graph.readers(node.getOutput(1)) > 0) {
            throw new OnnxFormatException("node " + name + " (Dropout) has its mask read, which inference does not make");
        }
        add(name, layer, activation(name, node, 0), node.getOutput(0));
    }

    /** An Identity of a constant (torch's exporter shares equal initializers that way) is that constant. */
    private void identity(String name, NodeProto node) {
        new Attributes(name, node, Set.of());
        Constant value = constants.get(node.getInput(0));
        if (value != null) {
            constants.put(node.getOutput(0), value);
            return;
        }
        passThrough(name, node, new Identity());
    }

    /** One channel of the input, {@code x[:, k]}, as torchvision's transform_input takes it; an Unsqueeze must follow. */
    private void gather(String name, NodeProto node) {
        Attributes a = new Attributes(name, node, Set.of("axis"));
        long[] index = constant(name, node, 1).requireLongs("index of " + name);
        if (a.integer("axis", 0) != 1 || index.length != 1 || constant(name, node, 1).dims().length != 0
                || graph.readers(node.getOutput(0)) != 1) {
            throw new OnnxFormatException("node " + name + " (Gather) is not the selection of one channel (a scalar index "
                    + "on axis 1, read by one Unsqueeze), the only Gather supported");
        }
        add(name, spec(name, () -> new ChannelSlice(Math.toIntExact(index[0]))), activation(name, node, 0),
                node.getOutput(0));
        slicesToUnsqueeze.add(node.getOutput(0));
    }

    private void unsqueeze(String name, NodeProto node) {
        Attributes a = new Attributes(name, node, Set.of("axes"));
        long[] axes = node.getInputCount() > 1 ? constant(name, node, 1).requireLongs("axes of " + name)
                : a.integers("axes", 1, 0);
        String source = activation(name, node, 0);
        if (!slicesToUnsqueeze.remove(source) || axes.length != 1 || axes[0] != 1) {
            throw new OnnxFormatException("node " + name + " (Unsqueeze) is supported only on axis 1 after a Gather of "
                    + "one channel");
        }
        rewrite(writerOf.get(source), node.getOutput(0)); // the slice already kept its channel axis
    }

    /** An activation times a scalar constant: a one-channel affine map, to which a following scalar Add folds. */
    private void multiply(String name, NodeProto node) {
        new Attributes(name, node, Set.of());
        Constant factor = node.getInputCount() == 2 ? constants.get(node.getInput(1)) : null;
        if (factor == null || factor.elements() != 1 || factor.floats() == null) {
            throw new OnnxFormatException("node " + name + " (Mul) is supported only by a scalar constant");
        }
        add(name, new ChannelAffine(new float[] {factor.floats()[0]}, new float[1]), activation(name, node, 0),
                node.getOutput(0));
    }

    /** torch exports every average pooling behind a Pad node, of zeros when the pooling has no padding. */
    private void pad(String name, NodeProto node) {
        Attributes a = new Attributes(name, node, Set.of("mode"));
        long[] pads = constant(name, node, 1).requireLongs("pads of " + name);
        for (long p : pads) {
            if (p != 0) {
                throw new OnnxFormatException("node " + name + " (Pad) pads by " + java.util.Arrays.toString(pads)
                        + "; only a Pad of zeros (a no-op) is supported, padding belongs to the convolution or pooling");
            }
        }
        if (!a.string("mode", "constant").equals("constant")) {
            throw new OnnxFormatException("node " + name + " (Pad) has mode " + a.string("mode", ""));
        }
        add(name, new Identity(), activation(name, node, 0), node.getOutput(0));
    }

    private void softmax(String name, NodeProto node) {
        Attributes a = new Attributes(name, node, Set.of("axis"));
        long axis = a.integer("axis", graph.opset() >= 13 ? -1 : 1);
        if (axis != 1 && axis != -1) {
            throw new OnnxFormatException("node " + name + " (Softmax) on axis " + axis + "; only the class axis of "
                    + "[batch, classes] is supported");
        }
        add(name, new Softmax(), activation(name, node, 0), node.getOutput(0));
    }

    private void unary(String name, NodeProto node, Layer layer, Set<String> attributes) {
        new Attributes(name, node, attributes);
        add(name, layer, activation(name, node, 0), node.getOutput(0));
    }

    private void add(String name, Layer layer, String input, String output) {
        built.add(new Dag.Node(name, layer, List.of(input), output));
        writerOf.put(output, built.size() - 1);
    }

    /** The node at {@code index} now writes {@code output} (the folded node after it is gone). */
    private void rewrite(int index, String output) {
        Dag.Node node = built.get(index);
        writerOf.remove(node.output());
        built.set(index, new Dag.Node(node.name(), node.layer(), node.inputs(), output));
        writerOf.put(output, index);
    }

    private String activation(String name, NodeProto node, int i) {
        if (i >= node.getInputCount() || node.getInput(i).isEmpty()) {
            throw new OnnxFormatException("node " + name + " (" + node.getOpType() + ") lacks input " + i);
        }
        String value = node.getInput(i);
        if (constants.containsKey(value)) {
            throw new OnnxFormatException("node " + name + " (" + node.getOpType() + ") takes constant '" + value
                    + "' where the engine expects an activation");
        }
        return value;
    }

    private Constant constant(String name, NodeProto node, int i) {
        String value = i < node.getInputCount() ? node.getInput(i) : "";
        Constant c = constants.get(value);
        if (c == null) {
            throw new OnnxFormatException("node " + name + " (" + node.getOpType() + ") input " + i + " '" + value
                    + "' is not a constant (an initializer); computed weights and shapes are not supported");
        }
        return c;
    }

    private Constant weight(String name, NodeProto node, int i, int rank) {
        Constant c = constant(name, node, i);
        c.requireFloats("input " + i + " of " + name);
        if (c.dims().length != rank) {
            throw new OnnxFormatException("node " + name + " (" + node.getOpType() + ") input " + i + " has shape "
                    + java.util.Arrays.toString(c.dims()) + ", expected rank " + rank);
        }
        return c;
    }

    private int[] symmetricPads(String name, Attributes a) {
        String autoPad = a.string("auto_pad", "NOTSET");
        if (!autoPad.equals("NOTSET") && !autoPad.equals("VALID")) {
            throw new OnnxFormatException("node " + name + " has auto_pad " + autoPad + "; give explicit pads");
        }
        long[] pads = a.integers("pads", 4, 0, 0, 0, 0);
        if (pads[0] != pads[2] || pads[1] != pads[3]) {
            throw new OnnxFormatException("node " + name + " has asymmetric pads " + java.util.Arrays.toString(pads)
                    + "; only equal padding on both sides is supported");
        }
        return new int[] {a.small(pads[0], "padding"), a.small(pads[1], "padding")};
    }

    private static void requireUnitDilations(String name, Attributes a) {
        long[] d = a.integers("dilations", 2, 1, 1);
        if (d[0] != 1 || d[1] != 1) {
            throw new OnnxFormatException("node " + name + " has dilations " + java.util.Arrays.toString(d)
                    + "; dilated kernels are not supported");
        }
    }

    private static void requireKernel(String name, Attributes a, int kh, int kw) {
        long[] k = a.integers("kernel_shape", 2, kh, kw);
        if (k[0] != kh || k[1] != kw) {
            throw new OnnxFormatException("node " + name + " declares kernel " + java.util.Arrays.toString(k)
                    + " but its weight is " + kh + "x" + kw);
        }
    }

    private static void requireLength(String name, float[] values, int expected) {
        if (values.length != expected) {
            throw new OnnxFormatException("node " + name + " has " + values.length + " values where " + expected
                    + " are needed");
        }
    }

    private static <T> T spec(String name, java.util.function.Supplier<T> make) {
        try {
            return make.get();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new OnnxFormatException("node " + name + ": " + e.getMessage(), e);
        }
    }

    private static void bind(Layer layer, Constant weight, Constant bias) {
        List<Parameter> params = layer.parameters();
        params.get(0).bind(Tensor.of(params.get(0).shape(), weight.floats()));
        if (bias != null) {
            requireLength(layer.type(), bias.floats(), params.get(1).shape().intSize());
            params.get(1).bind(Tensor.of(params.get(1).shape(), bias.floats()));
        }
    }

    private static void bindAll(Layer layer, float[] weight, float[] bias) {
        List<Parameter> params = layer.parameters();
        params.get(0).bind(Tensor.of(params.get(0).shape(), weight));
        params.get(1).bind(Tensor.of(params.get(1).shape(), bias));
    }

    private static float[] transpose(float[] m, int rows, int cols) {
        float[] t = new float[m.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = m[r * cols + c];
            }
        }
        return t;
    }

    private static void scale(float[] values, float factor) {
        if (factor != 1f) {
            for (int i = 0; i < values.length; i++) {
                values[i] *= factor;
            }
        }
    }

    private String unique(String name) {
        String candidate = name;
        for (int i = 2; !names.add(candidate); i++) {
            candidate = name + "_" + i;
        }
        return candidate;
    }
}
