package io.cnnstream.engine.model;

import static io.cnnstream.engine.tensor.TensorAssert.assertCloseToScale;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cnnstream.engine.api.Classifier;
import io.cnnstream.engine.api.Engine;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;
import io.cnnstream.engine.weights.SafetensorsFile;
import io.cnnstream.engine.weights.SeededInit;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Logits of lenet5, vgg16, googlenet and resnet50 against PyTorch/torchvision
 * ({@code golden/classics.safetensors}, {@code tools/golden/make_golden.py}) on the same seeded
 * weights, batch norm statistics included, through the engine's inference path (batch norms folded).
 * Tolerance is relative to the largest logit: with these seeded weights ResNet-50's activations grow
 * to about 67,000 and its logits to 50,537, where PyTorch's own float32 result differs from float64
 * by 0.068, more than the engine differs from PyTorch.
 */
class ClassicModelsGoldenTest {
    private static final Engine ENGINE = Engine.start(2);

    @AfterAll
    static void stop() {
        ENGINE.close();
    }

    /**
     * The same LeNet-5 weights as torch.save wrote them (plain, and wrapped with a DataParallel prefix)
     * and as torch.onnx.export wrote them (bound to the registry model by graph position).
     */
    @ParameterizedTest
    @ValueSource(strings = {"checkpoints/lenet5.pth", "checkpoints/lenet5-wrapped.pth", "onnx/lenet5-opset11.onnx",
            "onnx/lenet5-opset17.onnx"})
    void aTorchSaveCheckpointOrOnnxExportGivesPyTorchsLogits(String checkpoint) throws Exception {
        Path file = Path.of(getClass().getResource("/golden/" + checkpoint).toURI());
        Classifier classifier = ENGINE.open("lenet5", file);
        assertTrue(classifier.trained());
        Shape shape = classifier.inputShape().withBatch(2);
        Tensor logits = classifier.logits(Tensor.of(shape, SeededInit.values("input", shape.intSize(), 1f, 0)));
        try (SafetensorsFile golden = SafetensorsFile.open(Path.of(getClass().getResource("/golden/classics.safetensors").toURI()))) {
            assertCloseToScale(Tensor.of(Shape.of(2, 10), golden.readFloats("lenet5.logits")), logits, 1e-5,
                    checkpoint + " logits vs PyTorch");
        }
    }

    @ParameterizedTest
    @CsvSource({"googlenet,1,1e-5", "resnet50,1,1e-5", "vgg16,1,1e-5"})
    void logitsMatchPyTorch(String name, int batch, double tolerance) throws Exception {
        Classifier classifier = ENGINE.open(name, null);
        Shape shape = classifier.inputShape().withBatch(batch);
        Tensor logits = classifier.logits(Tensor.of(shape, SeededInit.values("input", shape.intSize(), 1f, 0)));
        Tensor expected;
        try (SafetensorsFile golden = SafetensorsFile.open(Path.of(getClass().getResource("/golden/classics.safetensors").toURI()))) {
            expected = Tensor.of(Shape.of(batch, classifier.classes()), golden.readFloats(name + ".logits"));
        }
        double maxDiff = assertCloseToScale(expected, logits, tolerance, name + " logits vs PyTorch");
        double largest = 0;
        for (float v : expected.data()) {
            largest = Math.max(largest, Math.abs(v));
        }
        System.out.printf("%s: logits vs PyTorch maxdiff %.3g over logits up to %.3g%n", name, maxDiff, largest);
    }
}
