package io.cnnstream.engine.kernel;

import static io.cnnstream.engine.tensor.TensorAssert.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.cnnstream.engine.json.Json;
import io.cnnstream.engine.layer.BatchNorm2d;
import io.cnnstream.engine.layer.ConvTranspose2d;
import io.cnnstream.engine.layer.ELU;
import io.cnnstream.engine.layer.Layer;
import io.cnnstream.engine.layer.LeakyReLU;
import io.cnnstream.engine.layer.MaxUnpool2d;
import io.cnnstream.engine.layer.Parameter;
import io.cnnstream.engine.layer.Sigmoid;
import io.cnnstream.engine.layer.Softmax;
import io.cnnstream.engine.layer.Tanh;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;
import io.cnnstream.engine.weights.SafetensorsFile;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every layer case of {@code golden/layers.safetensors}, made by PyTorch's functional ops
 * ({@code tools/golden/make_golden.py}): same inputs and weights, outputs within 1e-5 (relative
 * above 1). The cases are listed in the file's metadata.
 */
class TorchGoldenLayersTest {
    static final double TOLERANCE = 1e-5;


    static Path golden(String name) throws Exception {
        return Path.of(TorchGoldenLayersTest.class.getResource("/golden/" + name).toURI());
    }

    static List<Kernels> kernels() {
        return TestKernels.ALL;
    }

    @ParameterizedTest
    @MethodSource("kernels")
    void everyLayerCaseMatchesPyTorch(Kernels kernels) throws Exception {
        try (SafetensorsFile file = SafetensorsFile.open(golden("layers.safetensors"))) {
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> cases = (List<Map<String, Object>>) Json.parse(file.metadata().get("cases"));
            int checked = 0;
            for (Map<String, Object> c : cases) {
                String name = (String) c.get("name");
                Tensor input = tensor(file, name + ".input");
                Tensor expected = tensor(file, name + ".output");
                Tensor actual = run(kernels, file, name, c, input);
                double maxDiff = assertClose(expected, actual, TOLERANCE, kernels.name() + " " + name + " " + c);
                assert maxDiff <= TOLERANCE * 100 : name + " maxdiff " + maxDiff;
                checked++;
            }
            assertEquals(cases.size(), checked);
            assertEquals(true, checked >= 40, "cases: " + checked);
        }
    }

    private static Tensor run(Kernels kernels, SafetensorsFile file, String name, Map<String, Object> c, Tensor input) {
        String op = (String) c.get("op");
        switch (op) {
            case "conv2d": {
                int[] k = ints(c.get("kernel")), s = ints(c.get("stride")), p = ints(c.get("padding"));
                boolean bias = (Boolean) c.get("bias");
                Conv2dSpec spec = new Conv2dSpec(integer(c, "in"), integer(c, "out"), k[0], k[1], s[0], s[1], p[0], p[1],
                        integer(c, "groups"), bias);
                return kernels.conv2d(input, tensor(file, name + ".weight"), bias ? tensor(file, name + ".bias") : null, spec);
            }
            case "maxpool2d":
            case "avgpool2d": {
                Pool2dSpec spec = Pool2dSpec.of(integer(c, "kernel"), integer(c, "stride"), integer(c, "padding"),
                        (Boolean) c.get("ceil")).withCountIncludePad((Boolean) c.get("countIncludePad"));
                return op.equals("maxpool2d") ? kernels.maxPool2d(input, spec) : kernels.avgPool2d(input, spec);
            }
            case "adaptiveavgpool2d": {
                int[] size = ints(c.get("size"));
                return kernels.adaptiveAvgPool2d(input, size[0], size[1]);
            }
            case "lrn":
                return kernels.localResponseNorm(input, new LrnSpec(integer(c, "size"), number(c, "alpha"),
                        number(c, "beta"), number(c, "k")));
            case "linear":
                return kernels.linear(input, tensor(file, name + ".weight"), tensor(file, name + ".bias"));
            case "softmax":
                return throughLayer(new Softmax(), input, kernels);
            case "tanh":
                return throughLayer(new Tanh(), input, kernels);
            case "sigmoid":
                return throughLayer(new Sigmoid(), input, kernels);
            case "leaky_relu":
                return throughLayer(new LeakyReLU((float) number(c, "parameter")), input, kernels);
            case "elu":
                return throughLayer(new ELU((float) number(c, "parameter")), input, kernels);
            case "batchnorm": {
                BatchNorm2d norm = new BatchNorm2d(integer(c, "channels"), number(c, "eps"));
                List<Parameter> p = norm.parameters();
                p.get(0).bind(tensor(file, name + ".weight"));
                p.get(1).bind(tensor(file, name + ".bias"));
                p.get(2).bind(tensor(file, name + ".mean"));
                p.get(3).bind(tensor(file, name + ".var"));
                return norm.forward(input, kernels);
            }
            case "convtranspose2d": {
                int k = integer(c, "kernel"), s = integer(c, "stride"), pad = integer(c, "padding"), op2 = integer(c, "outputPadding");
                boolean bias = (Boolean) c.get("bias");
                ConvTranspose2dSpec spec = new ConvTranspose2dSpec(integer(c, "in"), integer(c, "out"), k, k, s, s, pad, pad,
                        op2, op2, integer(c, "groups"), bias);
                ConvTranspose2d layer = new ConvTranspose2d(spec);
                layer.parameters().get(0).bind(tensor(file, name + ".weight"));
                if (bias) {
                    layer.parameters().get(1).bind(tensor(file, name + ".bias"));
                }
                return throughLayer(layer, input, kernels);
            }
            case "maxunpool2d": {
                int k = integer(c, "kernel"), s = integer(c, "stride"), pad = integer(c, "padding");
                Kernels.PooledWithIndices pooled = kernels.maxPool2dWithIndices(input, new Pool2dSpec(k, k, s, s, pad, pad, false, true));
                assertClose(tensor(file, name + ".pooled"), pooled.output(), 0, name + " pooled");
                float[] torchIndices = file.readFloats(name + ".indices");
                for (int i = 0; i < torchIndices.length; i++) {
                    assertEquals((int) torchIndices[i], pooled.indices()[i], name + " index " + i);
                }
                Shape out = new MaxUnpool2d(k, s, pad).outputShape(pooled.output().shape().withoutBatch());
                return kernels.maxUnpool2d(pooled.output(), pooled.indices(), out.dim(1), out.dim(2));
            }
            default:
                throw new AssertionError("golden file has an op this test does not know: " + op);
        }
    }

    /** The layer class, not only its kernel: its forward pass and the output shape it declares. */
    private static Tensor throughLayer(Layer layer, Tensor input, Kernels kernels) {
        Tensor output = layer.forward(input, kernels);
        assertEquals(layer.outputShape(input.shape().withoutBatch()), output.shape().withoutBatch(),
                layer.getClass().getSimpleName() + " declares the shape it computes");
        return output;
    }

    static Tensor tensor(SafetensorsFile file, String name) {
        return Tensor.of(Shape.of(file.entries().get(name).shape()), file.readFloats(name));
    }

    private static int integer(Map<String, Object> c, String key) {
        return ((Long) c.get(key)).intValue();
    }

    private static double number(Map<String, Object> c, String key) {
        return ((Number) c.get(key)).doubleValue();
    }

    private static int[] ints(Object list) {
        return ((List<?>) list).stream().mapToInt(v -> ((Long) v).intValue()).toArray();
    }
}
