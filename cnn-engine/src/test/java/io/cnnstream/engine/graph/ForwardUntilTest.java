package io.cnnstream.engine.graph;

import static io.cnnstream.engine.tensor.TensorAssert.assertCloseToScale;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cnnstream.engine.GoldenFiles;
import io.cnnstream.engine.kernel.TestKernels;
import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.model.ModelRegistry;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;
import io.cnnstream.engine.weights.SafetensorsFile;
import io.cnnstream.engine.weights.SeededInit;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Intermediate activations against PyTorch forward hooks on the same seeded weights and input
 * ({@code golden/activations.safetensors}, {@code tools/golden/make_activation_golden.py}).
 */
class ForwardUntilTest {
    @Test
    void everyLeNet5LayerAndAlexNetsDeepLayersMatchPyTorchsForwardHooks() {
        try (SafetensorsFile golden = SafetensorsFile.open(GoldenFiles.of("activations.safetensors"))) {
            int checked = 0;
            for (String name : List.of("lenet5", "alexnet")) {
                Model model = ModelRegistry.create(name);
                SeededInit.apply(model, 0);
                Shape shape = model.inputShape().withBatch(name.equals("lenet5") ? 2 : 1);
                Tensor input = Tensor.of(shape, SeededInit.values("input", shape.intSize(), 1f, 0));
                for (String key : golden.entries().keySet()) {
                    if (key.startsWith(name + ".")) {
                        String layer = key.substring(name.length() + 1);
                        Tensor expected = Tensor.of(Shape.of(golden.entries().get(key).shape()), golden.readFloats(key));
                        assertCloseToScale(expected, model.forwardUntil(input, layer, TestKernels.VECTOR), 1e-5, name + " " + layer);
                        checked++;
                    }
                }
            }
            assertEquals(14, checked);
        }
    }

    @Test
    void anUnknownLayerIsRefusedWithTheNamesThereAre() {
        Model lenet = ModelRegistry.create("lenet5");
        SeededInit.apply(lenet, 0);
        assertEquals(List.of("features.0", "features.1", "features.2", "features.3", "features.4", "features.5", "features",
                "flatten", "classifier.0", "classifier.1", "classifier.2", "classifier.3", "classifier.4", "classifier"),
                lenet.layerNames());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> lenet.forwardUntil(Tensor.zeros(Shape.of(1, 1, 32, 32)), "features.9", TestKernels.VECTOR));
        assertTrue(e.getMessage().startsWith("no layer named 'features.9'; layers: features.0, features.1,"), e.getMessage());
    }
}
