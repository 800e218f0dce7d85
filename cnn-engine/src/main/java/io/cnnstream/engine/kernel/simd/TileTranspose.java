package io.cnnstream.engine.kernel.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

import static io.cnnstream.engine.kernel.simd.MicroKernel.L;
import static io.cnnstream.engine.kernel.simd.MicroKernel.SPECIES;
import static io.cnnstream.engine.kernel.simd.MicroKernel.load;

/**
 * Square tiles of {@link MicroKernel#L} x L floats stored transposed, on vectors: the direct
 * convolution computes its outputs position-major (channels along the vectors) and writes them
 * channel-major. One value at a time that store took 1-1.5 ns a value and 10-12 % of AlexNet's
 * first layer; here it measured 0.4-0.55 ns (a gathered load per row 0.5-0.75, and C2 on JDK 17
 * now and then boxed its gather).
 *
 * <p>The transpose swaps the off-diagonal halves of ever smaller blocks: L/2 x L/2, then L/4 x L/4
 * within each half, down to 1 x 1; each swap is one lane rotation and one blend per row. The first
 * two steps mix only rows L/4 apart, the others only rows within four (two with 256-bit vectors), so
 * the tile goes through a staging buffer between the two, four rows at a time, in methods of about
 * 25 vector operations. One method holding the whole tile in registers (176 operations) ran 20-30 %
 * faster alone, but C2 on JDK 17 inlined 21 kB of Vector API code into it (0.35 s to compile), far
 * past the size at which it stops intrinsifying and boxes vectors instead (see {@link MicroKernel}).
 * {@link #APPLIES} is false at 128 bits, where callers store one value at a time.
 */
final class TileTranspose {
    /** Whether {@link #store} runs at this vector width. */
    static final boolean APPLIES = L == 16 || L == 8;
    private static final int QUARTER = L / 4;

    // in a swap of s x s blocks between rows a and a + s, lane j of row a takes lane j - s of row a + s
    // where bit s of j is set (UP, HIGH), and lane j of row a + s takes lane j + s of row a where it is
    // clear (DOWN, LOW)
    private static final VectorShuffle<Float> UP_HALF = rotation(-L / 2), DOWN_HALF = rotation(L / 2);
    private static final VectorMask<Float> HIGH_HALF = lanesWithBit(L / 2, true), LOW_HALF = lanesWithBit(L / 2, false);
    private static final VectorShuffle<Float> UP_QUARTER = rotation(-QUARTER), DOWN_QUARTER = rotation(QUARTER);
    private static final VectorMask<Float> HIGH_QUARTER = lanesWithBit(QUARTER, true),
            LOW_QUARTER = lanesWithBit(QUARTER, false);
    private static final VectorShuffle<Float> UP2 = rotation(-2), DOWN2 = rotation(2);
    private static final VectorMask<Float> HIGH2 = lanesWithBit(2, true), LOW2 = lanesWithBit(2, false);
    private static final VectorShuffle<Float> UP1 = rotation(-1), DOWN1 = rotation(1);
    private static final VectorMask<Float> HIGH1 = lanesWithBit(1, true), LOW1 = lanesWithBit(1, false);

    private TileTranspose() {
    }

    /**
     * Row {@code i} of the tile at {@code c[src]} (rows {@code ldc} apart) becomes column {@code i} at
     * {@code y[dst]} (rows {@code ldy} apart), each value raised to at least {@code floor}
     * ({@code 0} for a fused ReLU, {@code -Infinity} for none; NaN stays NaN). {@code stage} holds
     * L x L floats. Only where {@link #APPLIES}.
     */
    static void store(float[] c, int src, int ldc, float[] y, int dst, int ldy, float floor, float[] stage) {
        for (int g = 0; g < QUARTER; g++) {
            swapHalvesAndQuarters(c, src + g * ldc, QUARTER * ldc, stage, g);
        }
        if (L == 16) {
            for (int r = 0; r < L; r += 4) {
                swapPairsAndSingles(stage, r, y, dst + r * ldy, ldy, floor);
            }
        } else {
            for (int r = 0; r < L; r += 2) {
                swapSingles(stage, r, y, dst + r * ldy, ldy, floor);
            }
        }
    }

    /** The first two steps on rows g, g + L/4, g + L/2, g + 3L/4 ({@code step} apart in c), into the stage. */
    private static void swapHalvesAndQuarters(float[] c, int src, int step, float[] stage, int g) {
        FloatVector a = load(c, src), b = load(c, src + step), d = load(c, src + 2 * step), e = load(c, src + 3 * step);
        // a and d, b and e are L/2 rows apart; then a and b, d and e are L/4 apart
        FloatVector a1 = a.blend(d.rearrange(UP_HALF), HIGH_HALF), d1 = d.blend(a.rearrange(DOWN_HALF), LOW_HALF);
        FloatVector b1 = b.blend(e.rearrange(UP_HALF), HIGH_HALF), e1 = e.blend(b.rearrange(DOWN_HALF), LOW_HALF);
        a1.blend(b1.rearrange(UP_QUARTER), HIGH_QUARTER).intoArray(stage, g * L);
        b1.blend(a1.rearrange(DOWN_QUARTER), LOW_QUARTER).intoArray(stage, (g + QUARTER) * L);
        d1.blend(e1.rearrange(UP_QUARTER), HIGH_QUARTER).intoArray(stage, (g + 2 * QUARTER) * L);
        e1.blend(d1.rearrange(DOWN_QUARTER), LOW_QUARTER).intoArray(stage, (g + 3 * QUARTER) * L);
    }

    /** With 512-bit vectors, the last two steps on stage rows r to r + 3, raised to the floor, into y. */
    private static void swapPairsAndSingles(float[] stage, int r, float[] y, int dst, int ldy, float floor) {
        FloatVector a = load(stage, r * L), b = load(stage, (r + 1) * L);
        FloatVector d = load(stage, (r + 2) * L), e = load(stage, (r + 3) * L);
        FloatVector a1 = a.blend(d.rearrange(UP2), HIGH2), d1 = d.blend(a.rearrange(DOWN2), LOW2);
        FloatVector b1 = b.blend(e.rearrange(UP2), HIGH2), e1 = e.blend(b.rearrange(DOWN2), LOW2);
        a1.blend(b1.rearrange(UP1), HIGH1).max(floor).intoArray(y, dst);
        b1.blend(a1.rearrange(DOWN1), LOW1).max(floor).intoArray(y, dst + ldy);
        d1.blend(e1.rearrange(UP1), HIGH1).max(floor).intoArray(y, dst + 2 * ldy);
        e1.blend(d1.rearrange(DOWN1), LOW1).max(floor).intoArray(y, dst + 3 * ldy);
    }

    /** With 256-bit vectors, the last step on stage rows r and r + 1, raised to the floor, into y. */
    private static void swapSingles(float[] stage, int r, float[] y, int dst, int ldy, float floor) {
        FloatVector a = load(stage, r * L), b = load(stage, (r + 1) * L);
        a.blend(b.rearrange(UP1), HIGH1).max(floor).intoArray(y, dst);
        b.blend(a.rearrange(DOWN1), LOW1).max(floor).intoArray(y, dst + ldy);
    }

    private static VectorShuffle<Float> rotation(int by) {
        return VectorShuffle.fromOp(SPECIES, j -> Math.floorMod(j + by, L));
    }

    private static VectorMask<Float> lanesWithBit(int bit, boolean set) {
        boolean[] lanes = new boolean[L];
        for (int j = 0; j < L; j++) {
            lanes[j] = ((j & bit) != 0) == set;
        }
        return VectorMask.fromArray(SPECIES, lanes, 0);
    }
}
