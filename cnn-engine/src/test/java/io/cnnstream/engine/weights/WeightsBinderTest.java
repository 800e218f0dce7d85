package io.cnnstream.engine.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cnnstream.engine.GoldenFiles;

import io.cnnstream.engine.layer.Parameter;
import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.model.ModelRegistry;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsBinderTest {
    @TempDir
    Path dir;

    @Test
    void bindsEveryParameterByItsStateDictName() {
        Model source = ModelRegistry.create("alexnet-seed");
        SeededInit.apply(source, 7);
        Path file = write(source, Map.of());
        Model target = ModelRegistry.create("alexnet-seed");
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            WeightsBinder.bind(target, f);
        }
        for (Map.Entry<String, Parameter> p : source.parameters().entrySet()) {
            assertArrayEquals(p.getValue().value().data(), target.parameters().get(p.getKey()).value().data(), p.getKey());
        }
    }

    @Test
    void listsEveryMissingUnexpectedAndMisshapedTensorInOneError() {
        Model model = ModelRegistry.create("alexnet");
        SeededInit.apply(model, 0);
        Map<String, Tensor> tensors = tensorsOf(model);
        tensors.remove("features.3.bias");
        tensors.remove("classifier.6.weight");
        tensors.put("features.0.weight", Tensor.zeros(Shape.of(64, 3, 11, 10)));
        tensors.put("fc.weight", Tensor.zeros(Shape.of(2, 2)));
        Path file = dir.resolve("bad.safetensors");
        SafetensorsWriter.write(file, tensors, Map.of());

        Model target = ModelRegistry.create("alexnet");
        WeightsMismatchException e;
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            e = assertThrows(WeightsMismatchException.class, () -> WeightsBinder.bind(target, f));
        }
        assertEquals(List.of(
                "tensor features.0.weight has shape [64, 3, 11, 10], model needs [64, 3, 11, 11]",
                "missing tensor features.3.bias [192]",
                "missing tensor classifier.6.weight [1000, 4096]",
                "unexpected tensor fc.weight [2, 2]"), e.problems());
        assertTrue(e.getMessage().contains("does not fit model alexnet (4 problems)"), e.getMessage());
        assertTrue(e.getMessage().contains("torch.save(model.state_dict(), PATH)"), e.getMessage());
        assertFalse(target.parameters().get("features.6.weight").isBound(), "nothing is bound from a bad file");
    }

    @Test
    void anOnnxExportOfAnotherModelIsRefusedByPosition() throws Exception {
        Path smallnet = GoldenFiles.of("onnx/smallnet.onnx");
        WeightsMismatchException e = assertThrows(WeightsMismatchException.class, () -> BoundModel.load("lenet5", smallnet));
        assertEquals(List.of("tensor features.0.weight has shape 8x3x3x3 in the graph, model needs 6x1x5x5"),
                e.problems().subList(0, 1));
        assertTrue(e.getMessage().contains("does not fit model lenet5"), e.getMessage());
    }

    @Test
    void aCheckpointOfAnotherModelGetsTheSameOneErrorReport() {
        Model target = ModelRegistry.create("lenet5");
        WeightsMismatchException e;
        try (TensorFile f = WeightsFiles.open(PyTorchCheckpointTest.golden("zoo.pth"))) {
            e = assertThrows(WeightsMismatchException.class, () -> WeightsBinder.bind(target, f));
        }
        assertTrue(e.problems().contains("missing tensor features.0.weight [6, 1, 5, 5]"), e.problems().toString());
        assertTrue(e.problems().contains("unexpected tensor residual.conv1.weight [4, 3, 3, 3]"), e.problems().toString());
        assertFalse(e.problems().toString().contains("num_batches_tracked"), "bookkeeping is ignored: " + e.problems());
    }

    @Test
    void ignoresBatchNormBookkeepingTensors() {
        Model model = ModelRegistry.create("alexnet-2012");
        SeededInit.apply(model, 0);
        Map<String, Tensor> tensors = tensorsOf(model);
        tensors.put("features.1.num_batches_tracked", Tensor.zeros(Shape.of(1)));
        Path file = dir.resolve("bookkeeping.safetensors");
        SafetensorsWriter.write(file, tensors, Map.of());
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(List.of(), WeightsBinder.check(ModelRegistry.create("alexnet-2012"), f));
        }
    }

    @Test
    void acceptsAndIgnoresGoogLeNetsAuxiliaryHeads() {
        Model model = ModelRegistry.create("googlenet");
        SeededInit.apply(model, 0);
        Map<String, Tensor> tensors = tensorsOf(model);
        tensors.put("aux1.fc2.weight", Tensor.zeros(Shape.of(1000, 1024)));
        tensors.put("aux2.conv.conv.weight", Tensor.zeros(Shape.of(128, 528, 1, 1)));
        Path file = dir.resolve("googlenet-with-aux.safetensors");
        SafetensorsWriter.write(file, tensors, Map.of());
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            assertEquals(List.of(), WeightsBinder.check(ModelRegistry.create("googlenet"), f));
            assertEquals(List.of("unexpected tensor aux1.fc2.weight [1000, 1024]", "unexpected tensor aux2.conv.conv.weight [128, 528, 1, 1]"),
                    WeightsBinder.check(ModelRegistry.create("resnet50"), f).stream().filter(p -> p.contains("aux")).toList());
        }
    }

    @Test
    void seededInitIsDeterministicAndHeScaled() {
        Model a = ModelRegistry.create("alexnet"), b = ModelRegistry.create("alexnet");
        SeededInit.apply(a, 3);
        SeededInit.apply(b, 3);
        float[] w = a.parameters().get("classifier.1.weight").value().data();
        assertArrayEquals(w, b.parameters().get("classifier.1.weight").value().data());
        double sumSquares = 0, largest = 0;
        for (float v : w) {
            largest = Math.max(largest, Math.abs(v));
            sumSquares += v * v;
        }
        assertTrue(largest <= (float) Math.sqrt(6.0 / 9216), "largest " + largest);
        // He: variance 2 / fan_in
        assertEquals(2.0 / 9216, sumSquares / w.length, 0.01 * 2.0 / 9216);
        float[] bias = a.parameters().get("classifier.1.bias").value().data();
        for (float v : bias) {
            assertTrue(Math.abs(v) <= 1 / Math.sqrt(9216), () -> "bias " + v);
        }
    }

    @Test
    void seededValuesAreTheDocumentedHash() {
        // pinned so the numpy mirror (tools/golden/seeded_init.py) can be checked against these numbers
        float[] v = SeededInit.values("features.0.weight", 3, 1f, 0);
        assertEquals(0x811C9DC5, SeededInit.fnv1a(""));
        assertEquals(3, v.length);
        for (float x : v) {
            assertTrue(x >= -1f && x < 1f);
        }
        int h = SeededInit.mix(SeededInit.fnv1a("features.0.weight"));
        assertEquals((2f * ((h >>> 8) * 0x1p-24f) - 1f), v[0]);
    }

    private Path write(Model model, Map<String, String> metadata) {
        Path file = dir.resolve(model.name() + ".safetensors");
        SafetensorsWriter.write(file, tensorsOf(model), metadata);
        return file;
    }

    private static Map<String, Tensor> tensorsOf(Model model) {
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        model.parameters().forEach((name, p) -> tensors.put(name, p.value()));
        return tensors;
    }
}
