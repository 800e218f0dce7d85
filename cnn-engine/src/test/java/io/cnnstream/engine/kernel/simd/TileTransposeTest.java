package io.cnnstream.engine.kernel.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The in-register transpose: every value lands at its mirrored place, raised to the floor, and nothing else is written. */
class TileTransposeTest {
    private static final int L = MicroKernel.L;

    @Test
    void rowsBecomeColumnsRaisedToTheFloorAndNothingAroundTheTileIsWritten() {
        assumeTrue(TileTranspose.APPLIES, "no tile transpose at " + L + " floats per vector");
        SplittableRandom random = new SplittableRandom(3);
        int ldc = L + 5, ldy = 3 * L + 1, src = 2, dst = ldy + 3;
        float[] c = new float[src + L * ldc];
        for (int i = 0; i < c.length; i++) {
            c[i] = (float) random.nextGaussian();
        }
        c[src + 3 * ldc + 1] = Float.NaN;
        c[src + 2 * ldc + 4] = -0f;
        for (float floor : new float[] {0f, Float.NEGATIVE_INFINITY}) {
            float[] y = new float[dst + L * ldy + 7];
            Arrays.fill(y, 42f);
            TileTranspose.store(c, src, ldc, y, dst, ldy, floor, new float[L * L]);
            for (int i = 0; i < y.length; i++) {
                int row = (i - dst) / ldy, column = (i - dst) % ldy;
                boolean inTile = i >= dst && row < L && column < L;
                float expected = inTile ? Math.max(c[src + column * ldc + row], floor) : 42f;
                assertEquals(expected, y[i], "y[" + i + "] (row " + row + ", column " + column + "), floor " + floor);
            }
        }
    }
}
