package io.cnnstream.engine.onnx;

import static io.cnnstream.engine.tensor.TensorAssert.assertCloseToScale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cnnstream.engine.GoldenFiles;

import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.model.ModelSummary;
import io.cnnstream.engine.parallel.WorkerPool;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;
import io.cnnstream.engine.weights.SafetensorsFile;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Graphs exported by {@code torch.onnx.export} (and one LRN graph built with {@code onnx.helper}),
 * imported and run: logits within 1e-5 of PyTorch's, relative to the largest
 * ({@code tools/golden/make_onnx.py}).
 */
class OnnxImportTest {
    private static final WorkerPool POOL = new WorkerPool(2);

    @AfterAll
    static void stop() {
        POOL.close();
    }

    static Path golden(String name) {
        return GoldenFiles.of("onnx/" + name);
    }

    @ParameterizedTest
    @CsvSource({"lenet5-opset11.onnx,lenet5", "lenet5-opset17.onnx,lenet5", "smallnet.onnx,smallnet",
            "smallnet-opset17.onnx,smallnet", "deconv.onnx,deconv", "matmul.onnx,matmul", "lrn.onnx,lrn"})
    void importedGraphsComputeWhatPyTorchComputes(String file, String golden) throws Exception {
        Model model = OnnxImporter.load(golden(file));
        try (SafetensorsFile expected = SafetensorsFile.open(golden("onnx.safetensors"))) {
            int[] inputDims = expected.entries().get(golden + ".input").shape();
            Shape batch = Shape.of(inputDims);
            assertEquals(batch.withoutBatch(), model.inputShape(), file);
            Tensor logits = model.forward(Tensor.of(batch, expected.readFloats(golden + ".input")),
                    Kernels.select(POOL));
            Tensor want = Tensor.of(Shape.of(expected.entries().get(golden + ".logits").shape()),
                    expected.readFloats(golden + ".logits"));
            assertCloseToScale(want, logits, 1e-5, file + " vs PyTorch");
        }
    }

    @ParameterizedTest
    @CsvSource({"smallnet.onnx,5,Resize(18) CenterCrop(16)", "lenet5-opset17.onnx,10,raw tensors"})
    void summariesListEveryNodeWithItsShape(String file, int classes, String transform) {
        Model model = OnnxImporter.load(golden(file));
        ModelSummary summary = ModelSummary.of(model);
        assertEquals(classes, model.classes());
        assertTrue(summary.layers().size() >= 8, summary.layers().toString());
        assertTrue(summary.params() > 0);
        assertTrue(model.description().contains("made by pytorch"), model.description());
        assertEquals(transform, model.acceptsImages() ? model.transform().toString().substring(0, transform.length())
                : "raw tensors", "a square RGB input takes images, anything else raw tensors");
    }
}
