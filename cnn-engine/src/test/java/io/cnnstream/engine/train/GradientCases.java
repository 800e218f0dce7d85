package io.cnnstream.engine.train;

import io.cnnstream.engine.GoldenFiles;
import io.cnnstream.engine.json.Json;
import io.cnnstream.engine.kernel.Conv2dSpec;
import io.cnnstream.engine.kernel.LrnSpec;
import io.cnnstream.engine.kernel.Pool2dSpec;
import io.cnnstream.engine.layer.AdaptiveAvgPool2d;
import io.cnnstream.engine.layer.AvgPool2d;
import io.cnnstream.engine.layer.BatchNorm2d;
import io.cnnstream.engine.layer.Conv2d;
import io.cnnstream.engine.layer.ELU;
import io.cnnstream.engine.layer.Layer;
import io.cnnstream.engine.layer.LeakyReLU;
import io.cnnstream.engine.layer.Linear;
import io.cnnstream.engine.layer.LocalResponseNorm;
import io.cnnstream.engine.layer.MaxPool2d;
import io.cnnstream.engine.layer.Parameter;
import io.cnnstream.engine.layer.ReLU;
import io.cnnstream.engine.layer.Sigmoid;
import io.cnnstream.engine.layer.Tanh;
import io.cnnstream.engine.tensor.Tensor;
import io.cnnstream.engine.weights.SafetensorsFile;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The cases of {@code golden/train/grads.safetensors} ({@code tools/golden/make_train_golden.py}), read once. */
final class GradientCases {
    /** One case: its metadata, a tensor getter, and for layer cases the layer with PyTorch's weights bound. */
    record Case(String name, String op, Map<String, Object> meta, Map<String, Tensor> tensors, Layer layer) {
        Tensor get(String key) {
            Tensor t = tensors.get(key);
            if (t == null) {
                throw new IllegalStateException(name + " has no tensor " + key);
            }
            return t;
        }

        @Override
        public String toString() {
            return name + " " + meta;
        }
    }

    static final List<Case> ALL = read();

    private GradientCases() {
    }

    static List<Case> layers() {
        return ALL.stream().filter(c -> c.layer() != null).toList();
    }

    static Case loss(String op, int index) {
        return ALL.stream().filter(c -> c.op().equals(op)).skip(index).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static List<Case> read() {
        try (SafetensorsFile file = SafetensorsFile.open(GoldenFiles.of("train/grads.safetensors"))) {
            List<Case> out = new ArrayList<>();
            for (Map<String, Object> meta : (List<Map<String, Object>>) Json.parse(file.metadata().get("cases"))) {
                String name = (String) meta.get("name");
                Map<String, Tensor> tensors = new java.util.HashMap<>();
                file.entries().forEach((key, entry) -> {
                    if (key.startsWith(name + ".")) {
                        tensors.put(key.substring(name.length() + 1),
                                Tensor.of(io.cnnstream.engine.tensor.Shape.of(entry.shape()), file.readFloats(key)));
                    }
                });
                String op = (String) meta.get("op");
                out.add(new Case(name, op, meta, tensors, layer(op, meta, tensors)));
            }
            return out;
        }
    }

    private static Layer layer(String op, Map<String, Object> c, Map<String, Tensor> t) {
        Layer layer = switch (op) {
            case "conv2d" -> new Conv2d(new Conv2dSpec(i(c, "in"), i(c, "out"), i(c, "kernel"), i(c, "kernel"),
                    i(c, "stride"), i(c, "stride"), i(c, "padding"), i(c, "padding"), i(c, "groups"), (Boolean) c.get("bias")));
            case "linear" -> new Linear(i(c, "in"), i(c, "out"));
            case "maxpool2d" -> new MaxPool2d(pool(c));
            case "avgpool2d" -> new AvgPool2d(pool(c));
            case "adaptiveavgpool2d" -> new AdaptiveAvgPool2d(i(c, "outH"), i(c, "outW"));
            case "relu" -> new ReLU();
            case "tanh" -> new Tanh();
            case "sigmoid" -> new Sigmoid();
            case "leakyrelu" -> new LeakyReLU((float) d(c, "parameter"));
            case "elu" -> new ELU((float) d(c, "parameter"));
            case "lrn" -> new LocalResponseNorm(new LrnSpec(i(c, "size"), d(c, "alpha"), d(c, "beta"), d(c, "k")));
            case "batchnorm2d" -> new BatchNorm2d(i(c, "channels"));
            default -> null;
        };
        if (layer != null) {
            for (Parameter p : layer.parameters()) {
                p.bind(Tensor.of(p.shape(), t.get(p.name()).data().clone()));
            }
        }
        return layer;
    }

    private static Pool2dSpec pool(Map<String, Object> c) {
        return Pool2dSpec.of(i(c, "kernel"), i(c, "stride"), i(c, "padding"), (Boolean) c.get("ceil"))
                .withCountIncludePad((Boolean) c.get("countIncludePad"));
    }

    private static int i(Map<String, Object> c, String key) {
        return ((Number) c.get(key)).intValue();
    }

    private static double d(Map<String, Object> c, String key) {
        return ((Number) c.get(key)).doubleValue();
    }
}
