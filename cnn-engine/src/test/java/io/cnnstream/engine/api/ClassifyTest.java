package io.cnnstream.engine.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cnnstream.engine.tensor.Tensor;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** One batch API for images and tensors: outcomes in input order, rejects typed, the accepted run as one batch. */
class ClassifyTest {
    private static final Path SAMPLES = Path.of("..", "samples", "images");
    private static final Engine ENGINE = Engine.start(2, "scalar");
    private static final Classifier LENET = ENGINE.open("lenet5", null);

    @AfterAll
    static void stop() {
        ENGINE.close();
    }

    @Test
    void rejectsBadInputsByTypeAndClassifiesTheRestAsOneBatch() throws Exception {
        Classifier alexnet = ENGINE.open(ClassifierSpec.of("alexnet-seed"));
        byte[] cat = Files.readAllBytes(SAMPLES.resolve("chelsea.png"));
        byte[] dog = Files.readAllBytes(SAMPLES.resolve("dog.jpg"));
        Classification batch = alexnet.classify(List.of(Input.image(new byte[] {1, 2, 3, 4}), Input.image(cat),
                Input.image(new byte[0]), Input.image(dog)), 3);

        assertEquals(2, batch.batchSize());
        assertTrue(batch.inferenceNanos() > 0);
        assertEquals(Rejection.UNKNOWN_FORMAT, ((Outcome.Rejected) batch.outcomes().get(0)).reason());
        assertEquals(Rejection.EMPTY, ((Outcome.Rejected) batch.outcomes().get(2)).reason());
        Outcome.Classified first = assertInstanceOf(Outcome.Classified.class, batch.outcomes().get(1));
        assertEquals(3, first.top().size());
        assertTrue(first.top().get(0).probability() >= first.top().get(1).probability());
        // the same image alone gets the same answer: rows are not mixed up by the compaction
        Outcome.Classified alone = (Outcome.Classified) alexnet.classify(List.of(Input.image(cat)), 3).outcomes().get(0);
        assertEquals(alone.top(), first.top());
    }

    @Test
    void aTensorInputGivesTheSoftmaxOfTheForwardPass() {
        float[] values = new float[32 * 32];
        for (int i = 0; i < values.length; i++) {
            values[i] = (i % 7) * 0.25f - 0.5f;
        }
        Outcome.Classified c = (Outcome.Classified) LENET.classify(List.of(Input.tensor(new int[] {1, 32, 32}, bytes(values))), 10)
                .outcomes().get(0);
        float[] logits = LENET.logits(Tensor.of(LENET.inputShape().withBatch(1), values)).data();
        double sum = 0;
        for (float l : logits) {
            sum += Math.exp(l);
        }
        for (Prediction p : c.top()) {
            assertEquals(Math.exp(logits[p.index()]) / sum, p.probability(), 1e-6, "class " + p.index());
            assertEquals(Integer.toString(p.index()), p.label(), "lenet5's labels are its class indices");
        }
        assertEquals(10, c.top().size());
    }

    @Test
    void refusesTensorsOfTheWrongShape() {
        assertRejected(Input.tensor(new int[] {3, 32, 32}, new byte[3 * 32 * 32 * 4]), Rejection.WRONG_SHAPE,
                "tensor of shape 3,32,32 does not match the model's input 1,32,32");
        assertRejected(Input.tensor(new int[] {1, 32, 32}, new byte[100]), Rejection.WRONG_SHAPE,
                "tensor of shape 1,32,32 needs 4096 bytes of float32, got 100");
        Classification none = LENET.classify(List.of(), 1);
        assertEquals(0, none.batchSize());
        assertEquals(List.of(), none.outcomes());
    }

    @Test
    void activationsAreOneLayersOutputByItsStateDictName() {
        assertEquals("features.0", LENET.layerNames().get(0));
        Tensor maps = LENET.activations(Tensor.zeros(io.cnnstream.engine.tensor.Shape.of(2, 1, 32, 32)), "features.2");
        assertEquals(io.cnnstream.engine.tensor.Shape.of(2, 6, 14, 14), maps.shape());
    }

    @Test
    void topKMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LENET.classify(List.of(), 0));
        assertEquals("top-k must be >= 1, got 0", e.getMessage());
    }

    @Test
    void warmUpReturnsTheLastPassesTime() {
        assertTrue(LENET.warmUp(2, 2).toNanos() > 0);
        assertArrayEquals(new int[] {1, 32, 32}, LENET.inputDims());
    }

    private static void assertRejected(Input input, Rejection reason, String message) {
        Outcome.Rejected r = assertInstanceOf(Outcome.Rejected.class, LENET.classify(List.of(input), 1).outcomes().get(0));
        assertEquals(reason, r.reason());
        assertTrue(r.message().contains(message), r.message());
    }

    private static byte[] bytes(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }
}
