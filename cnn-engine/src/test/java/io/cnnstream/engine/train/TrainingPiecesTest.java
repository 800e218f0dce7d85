package io.cnnstream.engine.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cnnstream.engine.kernel.TestKernels;
import io.cnnstream.engine.layer.Dropout;
import io.cnnstream.engine.model.ModelRegistry;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

import org.junit.jupiter.api.Test;

/** The loader, dropout in training mode, and the refusal of graph models. */
class TrainingPiecesTest {
    @Test
    void batchesRepeatForASeedAndShuffleEveryEpoch() {
        Dataset data = Mnist.train().slice("few", 0, 100);
        Batches a = new Batches(data, 32, 7, 2), b = new Batches(data, 32, 7, 2);
        assertArrayEquals(a.order(3), b.order(3));
        assertNotEquals(java.util.Arrays.toString(a.order(0)), java.util.Arrays.toString(a.order(1)));
        assertEquals(4, a.perEpoch());
        assertEquals(4, a.batch(a.order(0), 0, 3).images().batch(), "the last batch holds the remainder");
        assertArrayEquals(a.batch(a.order(2), 2, 1).images().data(), b.batch(b.order(2), 2, 1).images().data());
        int[] sorted = a.order(5).clone();
        java.util.Arrays.sort(sorted);
        for (int i = 0; i < sorted.length; i++) {
            assertEquals(i, sorted[i]);
        }
    }

    @Test
    void aShiftMovesTheDigitAndFillsTheBackground() {
        Dataset one = Mnist.train().slice("one", 0, 1);
        Tensor moved = new Batches(one, 1, 1, 2).batch(new int[] {0}, 0, 0).images();
        float[] original = one.images(), shifted = moved.data();
        double sumOriginal = 0, sumShifted = 0;
        for (int i = 0; i < original.length; i++) {
            sumOriginal += original[i];
            sumShifted += shifted[i];
        }
        assertEquals(sumOriginal, sumShifted, 1e-3, "a digit inside the border loses no ink when moved by 2 pixels");
        assertTrue(!java.util.Arrays.equals(original, shifted), "this seed moves the digit");
    }

    @Test
    void dropoutZeroesAboutPAndScalesTheRestAndItsBackwardUsesTheSameMask() {
        TrainStep step = TrainSteps.of(new Dropout(0.3), 4, TestKernels.VECTOR, new ScalarGradKernels());
        float[] ones = new float[20_000];
        java.util.Arrays.fill(ones, 1f);
        Tensor x = Tensor.of(Shape.of(2, 10_000), ones);
        Tape tape = new Tape(11, 0, true);
        Tensor y = step.forward(x, tape);
        Tensor dx = tape.backward(x);
        int zeros = 0;
        for (int i = 0; i < y.data().length; i++) {
            assertTrue(y.data()[i] == 0f || Math.abs(y.data()[i] - 1 / 0.7f) < 1e-6);
            assertEquals(y.data()[i], dx.data()[i]);
            zeros += y.data()[i] == 0f ? 1 : 0;
        }
        assertEquals(0.3, zeros / 20_000.0, 0.015);
        Tape second = new Tape(11, 1, true);
        Tensor shard = step.forward(Tensor.of(Shape.of(1, 10_000), java.util.Arrays.copyOf(ones, 10_000)), second);
        assertArrayEquals(java.util.Arrays.copyOfRange(y.data(), 10_000, 20_000), shard.data(),
                "sample 1's mask is the same whether or not the batch was sharded");
    }

    @Test
    void aGraphModelIsRefusedNamingTheLayerWithoutABackwardPass() {
        var model = ModelRegistry.create("resnet50");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainableNetwork.of(model, TestKernels.VECTOR, new ScalarGradKernels()));
        assertTrue(e.getMessage().startsWith("cannot train resnet50: layer layer1.0 (") && e.getMessage().contains("has no backward pass"),
                e.getMessage());
    }
}
