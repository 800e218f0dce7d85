package io.cnnstream.bench.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.cnnstream.engine.api.Classifier;
import io.cnnstream.engine.api.Engine;
import io.cnnstream.engine.tensor.Tensor;
import io.cnnstream.engine.weights.BoundModel;

import java.nio.FloatBuffer;
import java.util.Map;
import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The exported ONNX files, loaded by ONNX Runtime itself, compute the engine's logits: the model
 * the benchmark hands ONNX Runtime is the same network with the same weights (LRN and groups included).
 */
class OnnxExportTest {

    @ParameterizedTest
    @ValueSource(strings = {"alexnet", "alexnet-2012"})
    void onnxRuntimeComputesTheEnginesLogitsFromTheExportedFile(String model) throws Exception {
        try (Engine engine = Engine.start(2, "vector")) {
            Classifier classifier = engine.open(model, null);
            byte[] onnx = OnnxExport.export(BoundModel.load(model, null).model());
            Tensor input = random(classifier.inputShape().withBatch(2).toArray());
            float[] ours = classifier.logits(input).data();

            OrtEnvironment env = OrtEnvironment.getEnvironment();
            long[] shape = {2, 3, classifier.inputShape().dim(1), classifier.inputShape().dim(2)};
            try (OrtSession session = env.createSession(onnx, new OrtSession.SessionOptions());
                 OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input.data()), shape);
                 OrtSession.Result result = session.run(Map.of("input", x))) {
                float[][] theirs = (float[][]) result.get(0).getValue();
                assertEquals(2, theirs.length);
                double scale = 0, diff = 0;
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < theirs[i].length; j++) {
                        scale = Math.max(scale, Math.abs(theirs[i][j]));
                        diff = Math.max(diff, Math.abs(theirs[i][j] - ours[i * theirs[i].length + j]));
                    }
                }
                assertTrue(scale > 1, "logits are not trivially small: " + scale);
                assertTrue(diff <= 1e-5 * scale, model + ": max |engine - onnxruntime| " + diff + " at scale " + scale);
            }
        }
    }

    @Test
    void layersWithoutAnOnnxMappingAreNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OnnxExport.export(BoundModel.load("resnet50", null).model()));
        assertTrue(e.getMessage().contains("has no ONNX mapping"), e.getMessage());
    }

    private static Tensor random(int... dims) {
        var shape = io.cnnstream.engine.tensor.Shape.of(dims);
        SplittableRandom random = new SplittableRandom(3);
        float[] data = new float[shape.intSize()];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return Tensor.of(shape, data);
    }
}
