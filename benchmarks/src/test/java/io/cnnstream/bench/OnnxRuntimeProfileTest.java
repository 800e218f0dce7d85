package io.cnnstream.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cnnstream.bench.onnx.OnnxExport;
import io.cnnstream.engine.bench.ModelBenchmark;
import io.cnnstream.engine.weights.BoundModel;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** ONNX Runtime's own trace gives one time per node, named like the engine's layers, so the two line up. */
class OnnxRuntimeProfileTest {

    @Test
    void onnxRuntimesTraceGivesATimePerLayerUnderTheEnginesLayerNames() throws Exception {
        byte[] onnx;
        onnx = OnnxExport.export(BoundModel.load("alexnet", null).model());
        Map<String, Double> ort;
        try (OnnxRuntimeProfile.Session session = new OnnxRuntimeProfile.Session(onnx, 1,
                ModelBenchmark.input(io.cnnstream.engine.model.ModelRegistry.create("alexnet").inputShape().withBatch(1)))) {
            for (int pass = 0; pass < 4; pass++) { // one warm-up, three kept
                session.pass();
            }
            ort = session.medians(3);
        }
        // the engine's layers that make kernel calls (convolutions carry their fused ReLU, as in ONNX Runtime)
        List<String> engineLayers = List.of("features.0", "features.2", "features.3", "features.5", "features.6",
                "features.8", "features.10", "features.12", "avgpool", "classifier.1", "classifier.4", "classifier.6");
        Map<String, Double> byLayer = new java.util.HashMap<>();
        ort.forEach((node, ms) -> {
            String layer = OnnxRuntimeProfile.layerOf(node, engineLayers);
            if (layer != null) {
                byLayer.merge(layer, ms, Double::sum);
            }
        });
        for (String layer : List.of("features.0", "features.3", "features.6", "features.8", "features.10",
                "classifier.1", "classifier.4", "classifier.6")) {
            assertTrue(byLayer.getOrDefault(layer, 0.0) > 0, layer + " has no time among " + ort);
        }
        assertTrue(byLayer.get("features.3") > byLayer.get("classifier.6"),
                "a 448 MFLOP convolution outlasts an 8 MFLOP product: " + ort);
    }

    @Test
    void renamedAndFusedNodesAreMappedBackToTheEnginesLayers() {
        List<String> layers = List.of("features.0", "features.2", "classifier.1");
        assertEquals("features.0", OnnxRuntimeProfile.layerOf("features.1#1_nchwc", layers), "conv fused with ReLU 1");
        assertEquals("features.2", OnnxRuntimeProfile.layerOf("features.2#2_nchwc", layers));
        assertEquals("classifier.1", OnnxRuntimeProfile.layerOf("fused classifier.1", layers));
        assertEquals(null, OnnxRuntimeProfile.layerOf("ReorderOutput", layers));
        assertEquals(null, OnnxRuntimeProfile.layerOf("flatten", layers));
    }

    @Test
    void eachNodesMedianIsTakenOverTheLastPassesOnly() {
        String trace = """
                [{"cat":"Session","name":"model_run","dur":900},
                 {"cat":"Node","name":"features.0_kernel_time","dur":5000},
                 {"cat":"Node","name":"features.0_fence_before","dur":1},
                 {"cat":"Node","name":"features.0_kernel_time","dur":1000},
                 {"cat":"Node","name":"features.0_kernel_time","dur":3000},
                 {"cat":"Node","name":"features.0_kernel_time","dur":2000}]""";
        assertEquals(Map.of("features.0", 2.0), OnnxRuntimeProfile.medians(trace, 3));
    }
}
