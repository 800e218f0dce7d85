package io.cnnstream.engine.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.SplittableRandom;

/** Test helpers: seeded random tensors and closeness checks that report the largest difference. */
public final class TensorAssert {
    private TensorAssert() {
    }

    public static Tensor random(SplittableRandom random, int... dims) {
        Shape shape = Shape.of(dims);
        float[] data = new float[shape.intSize()];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return Tensor.of(shape, data);
    }

    /**
     * Fails unless every |expected - actual| <= tolerance * max |expected|: closeness relative to the
     * scale of the whole tensor, for deep networks whose small outputs sit next to very large ones.
     * Returns maxdiff.
     */
    public static double assertCloseToScale(Tensor expected, Tensor actual, double tolerance, String context) {
        double scale = 0;
        for (float v : expected.data()) {
            scale = Math.max(scale, Math.abs(v));
        }
        double maxDiff = assertClose(expected, actual, tolerance * Math.max(1, scale), context);
        return maxDiff;
    }

    /**
     * Fails unless shapes are equal and every |expected - actual| <= tolerance * max(1, |expected|);
     * the message carries {@code context}, the worst index and maxdiff. Returns maxdiff.
     */
    public static double assertClose(Tensor expected, Tensor actual, double tolerance, String context) {
        assertEquals(expected.shape(), actual.shape(), () -> "shape of " + context);
        float[] e = expected.data(), a = actual.data();
        double maxDiff = 0;
        int worst = -1;
        for (int i = 0; i < e.length; i++) {
            double diff = Math.abs((double) e[i] - a[i]);
            if (Double.isNaN(diff) || diff > maxDiff) {
                maxDiff = Double.isNaN(diff) ? Double.POSITIVE_INFINITY : diff;
                worst = i;
            }
            if (!(diff <= tolerance * Math.max(1.0, Math.abs(e[i])))) {
                fail(context + ": element " + i + " expected " + e[i] + " got " + a[i] + " (diff " + diff
                        + ", tolerance " + tolerance + ")");
            }
        }
        return worst < 0 ? 0 : maxDiff;
    }
}
