package io.cnnstream.engine.kernel.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;

import static io.cnnstream.engine.kernel.simd.MicroKernel.L;
import static io.cnnstream.engine.kernel.simd.MicroKernel.SPECIES;
import static io.cnnstream.engine.kernel.simd.MicroKernel.load;

/**
 * Square tiles of {@link MicroKernel#L} x L floats stored transposed, in registers: the direct
 * convolution computes its outputs position-major (channels along the vectors) and writes them
 * channel-major. One value at a time that store took 2-3 ns a value and about 12 % of AlexNet's
 * first layer; a tile here measured 0.3-0.4 ns a value (a gathered load per row 0.5-0.7, and C2 on
 * JDK 17 now and then boxes its gather).
 *
 * <p>The transpose swaps the off-diagonal halves of ever smaller blocks: L/2 x L/2, then L/4 x L/4
 * within each half, down to 1 x 1; each swap is one lane rotation and one blend per row. Every
 * vector is a local of one method (in a loop over an array of vectors, or between methods, they
 * would be boxed), so there is one method per width: 512 and 256 bits. {@link #APPLIES} is false at
 * 128 bits, where callers store one value at a time.
 */
final class TileTranspose {
    /** Whether {@link #store} runs at this vector width. */
    static final boolean APPLIES = L == 16 || L == 8;

    // lane j of row a takes lane j - s of row a + s where bit s of j is set (UP, HIGH), and lane j of
    // row a + s takes lane j + s of row a where it is clear (DOWN, LOW)
    private static final VectorShuffle<Float> UP8 = rotation(-8), UP4 = rotation(-4), UP2 = rotation(-2),
            UP1 = rotation(-1);
    private static final VectorShuffle<Float> DOWN8 = rotation(8), DOWN4 = rotation(4), DOWN2 = rotation(2),
            DOWN1 = rotation(1);
    private static final VectorMask<Float> HIGH8 = lanesWithBit(8, true), HIGH4 = lanesWithBit(4, true),
            HIGH2 = lanesWithBit(2, true), HIGH1 = lanesWithBit(1, true);
    private static final VectorMask<Float> LOW8 = lanesWithBit(8, false), LOW4 = lanesWithBit(4, false),
            LOW2 = lanesWithBit(2, false), LOW1 = lanesWithBit(1, false);

    private TileTranspose() {
    }

    /**
     * Row {@code i} of the tile at {@code c[src]} (rows {@code ldc} apart) becomes column {@code i} at
     * {@code y[dst]} (rows {@code ldy} apart), each value raised to at least {@code floor}
     * ({@code 0} for a fused ReLU, {@code -Infinity} for none; NaN stays NaN). Only where {@link #APPLIES}.
     */
    static void store(float[] c, int src, int ldc, float[] y, int dst, int ldy, float floor) {
        if (L == 16) {
            transpose16(c, src, ldc, y, dst, ldy, floor);
        } else {
            transpose8(c, src, ldc, y, dst, ldy, floor);
        }
    }

    private static void transpose16(float[] c, int src, int ldc, float[] y, int dst, int ldy, float floor) {
        FloatVector r0 = load(c, src), r1 = load(c, src + ldc), r2 = load(c, src + 2 * ldc), r3 = load(c, src + 3 * ldc);
        FloatVector r4 = load(c, src + 4 * ldc), r5 = load(c, src + 5 * ldc), r6 = load(c, src + 6 * ldc), r7 = load(c, src + 7 * ldc);
        FloatVector r8 = load(c, src + 8 * ldc), r9 = load(c, src + 9 * ldc), r10 = load(c, src + 10 * ldc), r11 = load(c, src + 11 * ldc);
        FloatVector r12 = load(c, src + 12 * ldc), r13 = load(c, src + 13 * ldc), r14 = load(c, src + 14 * ldc), r15 = load(c, src + 15 * ldc);
        // swap the off-diagonal 8 x 8 blocks of every 16 x 16 block
        FloatVector s0 = r0.blend(r8.rearrange(UP8), HIGH8), s8 = r8.blend(r0.rearrange(DOWN8), LOW8);
        FloatVector s1 = r1.blend(r9.rearrange(UP8), HIGH8), s9 = r9.blend(r1.rearrange(DOWN8), LOW8);
        FloatVector s2 = r2.blend(r10.rearrange(UP8), HIGH8), s10 = r10.blend(r2.rearrange(DOWN8), LOW8);
        FloatVector s3 = r3.blend(r11.rearrange(UP8), HIGH8), s11 = r11.blend(r3.rearrange(DOWN8), LOW8);
        FloatVector s4 = r4.blend(r12.rearrange(UP8), HIGH8), s12 = r12.blend(r4.rearrange(DOWN8), LOW8);
        FloatVector s5 = r5.blend(r13.rearrange(UP8), HIGH8), s13 = r13.blend(r5.rearrange(DOWN8), LOW8);
        FloatVector s6 = r6.blend(r14.rearrange(UP8), HIGH8), s14 = r14.blend(r6.rearrange(DOWN8), LOW8);
        FloatVector s7 = r7.blend(r15.rearrange(UP8), HIGH8), s15 = r15.blend(r7.rearrange(DOWN8), LOW8);
        // swap the off-diagonal 4 x 4 blocks of every 8 x 8 block
        FloatVector t0 = s0.blend(s4.rearrange(UP4), HIGH4), t4 = s4.blend(s0.rearrange(DOWN4), LOW4);
        FloatVector t1 = s1.blend(s5.rearrange(UP4), HIGH4), t5 = s5.blend(s1.rearrange(DOWN4), LOW4);
        FloatVector t2 = s2.blend(s6.rearrange(UP4), HIGH4), t6 = s6.blend(s2.rearrange(DOWN4), LOW4);
        FloatVector t3 = s3.blend(s7.rearrange(UP4), HIGH4), t7 = s7.blend(s3.rearrange(DOWN4), LOW4);
        FloatVector t8 = s8.blend(s12.rearrange(UP4), HIGH4), t12 = s12.blend(s8.rearrange(DOWN4), LOW4);
        FloatVector t9 = s9.blend(s13.rearrange(UP4), HIGH4), t13 = s13.blend(s9.rearrange(DOWN4), LOW4);
        FloatVector t10 = s10.blend(s14.rearrange(UP4), HIGH4), t14 = s14.blend(s10.rearrange(DOWN4), LOW4);
        FloatVector t11 = s11.blend(s15.rearrange(UP4), HIGH4), t15 = s15.blend(s11.rearrange(DOWN4), LOW4);
        // swap the off-diagonal 2 x 2 blocks of every 4 x 4 block
        FloatVector u0 = t0.blend(t2.rearrange(UP2), HIGH2), u2 = t2.blend(t0.rearrange(DOWN2), LOW2);
        FloatVector u1 = t1.blend(t3.rearrange(UP2), HIGH2), u3 = t3.blend(t1.rearrange(DOWN2), LOW2);
        FloatVector u4 = t4.blend(t6.rearrange(UP2), HIGH2), u6 = t6.blend(t4.rearrange(DOWN2), LOW2);
        FloatVector u5 = t5.blend(t7.rearrange(UP2), HIGH2), u7 = t7.blend(t5.rearrange(DOWN2), LOW2);
        FloatVector u8 = t8.blend(t10.rearrange(UP2), HIGH2), u10 = t10.blend(t8.rearrange(DOWN2), LOW2);
        FloatVector u9 = t9.blend(t11.rearrange(UP2), HIGH2), u11 = t11.blend(t9.rearrange(DOWN2), LOW2);
        FloatVector u12 = t12.blend(t14.rearrange(UP2), HIGH2), u14 = t14.blend(t12.rearrange(DOWN2), LOW2);
        FloatVector u13 = t13.blend(t15.rearrange(UP2), HIGH2), u15 = t15.blend(t13.rearrange(DOWN2), LOW2);
        // swap the off-diagonal 1 x 1 blocks of every 2 x 2 block
        FloatVector v0 = u0.blend(u1.rearrange(UP1), HIGH1), v1 = u1.blend(u0.rearrange(DOWN1), LOW1);
        FloatVector v2 = u2.blend(u3.rearrange(UP1), HIGH1), v3 = u3.blend(u2.rearrange(DOWN1), LOW1);
        FloatVector v4 = u4.blend(u5.rearrange(UP1), HIGH1), v5 = u5.blend(u4.rearrange(DOWN1), LOW1);
        FloatVector v6 = u6.blend(u7.rearrange(UP1), HIGH1), v7 = u7.blend(u6.rearrange(DOWN1), LOW1);
        FloatVector v8 = u8.blend(u9.rearrange(UP1), HIGH1), v9 = u9.blend(u8.rearrange(DOWN1), LOW1);
        FloatVector v10 = u10.blend(u11.rearrange(UP1), HIGH1), v11 = u11.blend(u10.rearrange(DOWN1), LOW1);
        FloatVector v12 = u12.blend(u13.rearrange(UP1), HIGH1), v13 = u13.blend(u12.rearrange(DOWN1), LOW1);
        FloatVector v14 = u14.blend(u15.rearrange(UP1), HIGH1), v15 = u15.blend(u14.rearrange(DOWN1), LOW1);
        v0.max(floor).intoArray(y, dst);
        v1.max(floor).intoArray(y, dst + ldy);
        v2.max(floor).intoArray(y, dst + 2 * ldy);
        v3.max(floor).intoArray(y, dst + 3 * ldy);
        v4.max(floor).intoArray(y, dst + 4 * ldy);
        v5.max(floor).intoArray(y, dst + 5 * ldy);
        v6.max(floor).intoArray(y, dst + 6 * ldy);
        v7.max(floor).intoArray(y, dst + 7 * ldy);
        v8.max(floor).intoArray(y, dst + 8 * ldy);
        v9.max(floor).intoArray(y, dst + 9 * ldy);
        v10.max(floor).intoArray(y, dst + 10 * ldy);
        v11.max(floor).intoArray(y, dst + 11 * ldy);
        v12.max(floor).intoArray(y, dst + 12 * ldy);
        v13.max(floor).intoArray(y, dst + 13 * ldy);
        v14.max(floor).intoArray(y, dst + 14 * ldy);
        v15.max(floor).intoArray(y, dst + 15 * ldy);
    }

    private static void transpose8(float[] c, int src, int ldc, float[] y, int dst, int ldy, float floor) {
        FloatVector r0 = load(c, src), r1 = load(c, src + ldc), r2 = load(c, src + 2 * ldc), r3 = load(c, src + 3 * ldc);
        FloatVector r4 = load(c, src + 4 * ldc), r5 = load(c, src + 5 * ldc), r6 = load(c, src + 6 * ldc), r7 = load(c, src + 7 * ldc);
        // swap the off-diagonal 4 x 4 blocks of every 8 x 8 block
        FloatVector s0 = r0.blend(r4.rearrange(UP4), HIGH4), s4 = r4.blend(r0.rearrange(DOWN4), LOW4);
        FloatVector s1 = r1.blend(r5.rearrange(UP4), HIGH4), s5 = r5.blend(r1.rearrange(DOWN4), LOW4);
        FloatVector s2 = r2.blend(r6.rearrange(UP4), HIGH4), s6 = r6.blend(r2.rearrange(DOWN4), LOW4);
        FloatVector s3 = r3.blend(r7.rearrange(UP4), HIGH4), s7 = r7.blend(r3.rearrange(DOWN4), LOW4);
        // swap the off-diagonal 2 x 2 blocks of every 4 x 4 block
        FloatVector t0 = s0.blend(s2.rearrange(UP2), HIGH2), t2 = s2.blend(s0.rearrange(DOWN2), LOW2);
        FloatVector t1 = s1.blend(s3.rearrange(UP2), HIGH2), t3 = s3.blend(s1.rearrange(DOWN2), LOW2);
        FloatVector t4 = s4.blend(s6.rearrange(UP2), HIGH2), t6 = s6.blend(s4.rearrange(DOWN2), LOW2);
        FloatVector t5 = s5.blend(s7.rearrange(UP2), HIGH2), t7 = s7.blend(s5.rearrange(DOWN2), LOW2);
        // swap the off-diagonal 1 x 1 blocks of every 2 x 2 block
        FloatVector u0 = t0.blend(t1.rearrange(UP1), HIGH1), u1 = t1.blend(t0.rearrange(DOWN1), LOW1);
        FloatVector u2 = t2.blend(t3.rearrange(UP1), HIGH1), u3 = t3.blend(t2.rearrange(DOWN1), LOW1);
        FloatVector u4 = t4.blend(t5.rearrange(UP1), HIGH1), u5 = t5.blend(t4.rearrange(DOWN1), LOW1);
        FloatVector u6 = t6.blend(t7.rearrange(UP1), HIGH1), u7 = t7.blend(t6.rearrange(DOWN1), LOW1);
        u0.max(floor).intoArray(y, dst);
        u1.max(floor).intoArray(y, dst + ldy);
        u2.max(floor).intoArray(y, dst + 2 * ldy);
        u3.max(floor).intoArray(y, dst + 3 * ldy);
        u4.max(floor).intoArray(y, dst + 4 * ldy);
        u5.max(floor).intoArray(y, dst + 5 * ldy);
        u6.max(floor).intoArray(y, dst + 6 * ldy);
        u7.max(floor).intoArray(y, dst + 7 * ldy);
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
