package io.cnnstream.bench.onnx;

import io.cnnstream.engine.kernel.Conv2dSpec;
import io.cnnstream.engine.kernel.LrnSpec;
import io.cnnstream.engine.kernel.Pool2dSpec;
import io.cnnstream.engine.layer.AdaptiveAvgPool2d;
import io.cnnstream.engine.layer.Conv2d;
import io.cnnstream.engine.layer.Dropout;
import io.cnnstream.engine.layer.Flatten;
import io.cnnstream.engine.layer.Layer;
import io.cnnstream.engine.layer.Linear;
import io.cnnstream.engine.layer.LocalResponseNorm;
import io.cnnstream.engine.layer.MaxPool2d;
import io.cnnstream.engine.layer.Parameter;
import io.cnnstream.engine.layer.ReLU;
import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Writes a chain model of the engine (the AlexNets, VGG-16: convolutions, ReLU, max pooling, LRN,
 * adaptive average pooling, flatten, dropout, fully connected) as an ONNX model (opset 17) with its
 * weights, so that ONNX Runtime runs exactly the same network. Input {@code input [N, C, H, W]},
 * output {@code logits [N, classes]}, batch size left open. Field numbers are those of
 * {@code onnx/onnx.proto}. Layers without an ONNX mapping here fail with their name.
 */
public final class OnnxExport {
    private static final int FLOAT = 1;         // TensorProto.DataType.FLOAT
    private static final int ATTR_FLOAT = 1;    // AttributeProto.AttributeType
    private static final int ATTR_INT = 2;
    private static final int ATTR_INTS = 7;

    private final Protobuf graph = new Protobuf();
    private int counter;

    private OnnxExport() {
    }

    public static byte[] export(Model model) {
        OnnxExport export = new OnnxExport();
        String last = export.walk("", model.network(), "input", model.inputShape());
        export.graph.string(2, model.name())
                .message(11, valueInfo("input", "N", model.inputShape()))
                .message(12, valueInfo(last, "N", Shape.of(model.classes())));
        return new Protobuf()
                .varint(1, 8) // ir_version
                .string(2, "cnnstream")
                .message(7, export.graph)
                .message(8, new Protobuf().string(1, "").varint(2, 17)) // opset_import: ai.onnx 17
                .toByteArray();
    }

    /** Adds the nodes of {@code layer} reading {@code input}; returns the name of its output. */
    private String walk(String name, Layer layer, String input, Shape shape) {
        if (!layer.children().isEmpty()) {
            String x = input;
            Shape s = shape;
            for (var child : layer.children().entrySet()) {
                String childName = name.isEmpty() ? child.getKey() : name + "." + child.getKey();
                x = walk(childName, child.getValue(), x, s);
                s = child.getValue().outputShape(s);
            }
            return x;
        }
        Shape out = layer.outputShape(shape);
        if (layer instanceof Conv2d conv) {
            Conv2dSpec s = conv.spec();
            List<Parameter> p = conv.parameters();
            Protobuf node = node("Conv", name, input, initializer(name + ".weight", p.get(0).value()),
                    p.size() > 1 ? initializer(name + ".bias", p.get(1).value()) : null);
            ints(node, "kernel_shape", s.kernelH(), s.kernelW());
            ints(node, "strides", s.strideH(), s.strideW());
            ints(node, "pads", s.padH(), s.padW(), s.padH(), s.padW());
            integer(node, "group", s.groups());
            return add(node);
        }
        if (layer instanceof ReLU) {
            return add(node("Relu", name, input));
        }
        if (layer instanceof MaxPool2d pool) {
            Pool2dSpec s = pool.spec();
            Protobuf node = node("MaxPool", name, input);
            ints(node, "kernel_shape", s.kernelH(), s.kernelW());
            ints(node, "strides", s.strideH(), s.strideW());
            ints(node, "pads", s.padH(), s.padW(), s.padH(), s.padW());
            integer(node, "ceil_mode", s.ceilMode() ? 1 : 0);
            return add(node);
        }
        if (layer instanceof LocalResponseNorm lrn) {
            // ONNX's LRN is PyTorch's: x / (bias + alpha/size * sum x^2)^beta over floor/ceil((size-1)/2) channels
            LrnSpec s = lrn.spec();
            Protobuf node = node("LRN", name, input);
            integer(node, "size", s.size());
            real(node, "alpha", (float) s.alpha());
            real(node, "beta", (float) s.beta());
            real(node, "bias", (float) s.k());
            return add(node);
        }
        if (layer instanceof AdaptiveAvgPool2d) {
            if (out.equals(shape)) {
                return input; // the input already has the output size: the pooling is the identity
            }
            if (out.dim(1) == 1 && out.dim(2) == 1) {
                return add(node("GlobalAveragePool", name, input));
            }
            throw new IllegalArgumentException(name + ": adaptive pooling " + shape + " -> " + out + " has no ONNX mapping here");
        }
        if (layer instanceof Flatten) {
            Protobuf node = node("Flatten", name, input);
            integer(node, "axis", 1);
            return add(node);
        }
        if (layer instanceof Dropout) {
            return input; // inference: the identity
        }
        if (layer instanceof Linear linear) {
            List<Parameter> p = linear.parameters();
            Protobuf node = node("Gemm", name, input, initializer(name + ".weight", p.get(0).value()),
                    initializer(name + ".bias", p.get(1).value()));
            integer(node, "transB", 1);
            return add(node);
        }
        throw new IllegalArgumentException(name + ": layer " + layer.type() + " has no ONNX mapping here");
    }

    private String lastOutput;

    private Protobuf node(String op, String name, String... inputs) {
        Protobuf node = new Protobuf();
        for (String in : inputs) {
            if (in != null) {
                node.string(1, in);
            }
        }
        lastOutput = (name.isEmpty() ? op : name) + "#" + counter++;
        return node.string(2, lastOutput).string(3, name).string(4, op);
    }

    private String add(Protobuf node) {
        graph.message(1, node);
        return lastOutput;
    }

    private String initializer(String name, Tensor value) {
        ByteBuffer raw = ByteBuffer.allocate(value.data().length * 4).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(value.data());
        Protobuf tensor = new Protobuf();
        for (int d : value.shape().toArray()) {
            tensor.varint(1, d);
        }
        graph.message(5, tensor.varint(2, FLOAT).string(8, name).bytes(9, raw.array()));
        return name;
    }

    private static void ints(Protobuf node, String name, int... values) {
        Protobuf attribute = new Protobuf().string(1, name).varint(20, ATTR_INTS);
        for (int v : values) {
            attribute.varint(8, v);
        }
        node.message(5, attribute);
    }

    private static void integer(Protobuf node, String name, int value) {
        node.message(5, new Protobuf().string(1, name).varint(20, ATTR_INT).varint(3, value));
    }

    private static void real(Protobuf node, String name, float value) {
        node.message(5, new Protobuf().string(1, name).varint(20, ATTR_FLOAT).float32(2, value));
    }

    /** {@code name: float32 [batch, ...sample]} with a symbolic batch dimension. */
    private static Protobuf valueInfo(String name, String batch, Shape sample) {
        Protobuf shape = new Protobuf().message(1, new Protobuf().string(2, batch));
        for (int d : sample.toArray()) {
            shape.message(1, new Protobuf().varint(1, d));
        }
        Protobuf tensorType = new Protobuf().varint(1, FLOAT).message(2, shape);
        return new Protobuf().string(1, name).message(2, new Protobuf().message(1, tensorType));
    }
}
