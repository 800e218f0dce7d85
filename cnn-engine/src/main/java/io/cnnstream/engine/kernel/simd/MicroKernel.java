package io.cnnstream.engine.kernel.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked heart of every matrix product: an {@value #MR} x {@link #NR} block of C (NR is
 * two vectors: 16 floats with 256-bit vectors, 32 with 512-bit ones), held in twelve vector
 * accumulators, updated with {@code kc} rank-1 products of packed panels ({@code a} is
 * {@code [kc][MR]}, {@code b} is {@code [kc][NR]}), as in BLIS/GotoBLAS.
 *
 * <p>The 6-row block is the shape that measured best on both JDKs at both widths (larger blocks
 * gained nothing; figures in docs/engine.md). The width is {@link VectorWidth}'s.
 * Every vector stays a local variable of this one method: a vector handed to a helper that is not
 * inlined is boxed on the heap. Nor do two paths merge vectors (a merge C2 on JDK 17 may fail to
 * keep in registers), so there is no flag to overwrite C instead of adding to it: callers clear C first.
 */
final class MicroKernel {
    static final VectorSpecies<Float> SPECIES = VectorWidth.species(System.getProperty(VectorWidth.PROPERTY));
    /** Floats per vector. */
    static final int L = SPECIES.length();
    static final int MR = 6;
    static final int NR = 2 * L;

    private MicroKernel() {
    }

    /**
     * {@code C[0..MR)[0..NR) += A * B} where C starts at {@code c[cOff]} with row stride {@code ldc};
     * with {@code relu}, negative results are clamped to 0 (NaN stays NaN) as they are stored.
     */
    static void multiplyAdd(float[] a, int aOff, float[] b, int bOff, int kc,
                            float[] c, int cOff, int ldc, boolean relu) {
        int r1 = cOff + ldc, r2 = r1 + ldc, r3 = r2 + ldc, r4 = r3 + ldc, r5 = r4 + ldc;
        // the accumulators start from C: a tail after the loop that adds C is the last part of a large
        // compilation, where JDK 17's C2 may leave stores without their intrinsic (docs/jdk17.md)
        FloatVector c00 = load(c, cOff), c01 = load(c, cOff + L), c10 = load(c, r1), c11 = load(c, r1 + L);
        FloatVector c20 = load(c, r2), c21 = load(c, r2 + L), c30 = load(c, r3), c31 = load(c, r3 + L);
        FloatVector c40 = load(c, r4), c41 = load(c, r4 + L), c50 = load(c, r5), c51 = load(c, r5 + L);
        for (int ai = aOff, bi = bOff, end = aOff + kc * MR; ai < end; ai += MR, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + L);
            FloatVector a0 = FloatVector.broadcast(SPECIES, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(SPECIES, a[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(SPECIES, a[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(SPECIES, a[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(SPECIES, a[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(SPECIES, a[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
        }
        if (relu) {
            // max(x, 0) is NaN for NaN x, matching the scalar ReLU
            c00 = c00.max(0f);
            c01 = c01.max(0f);
            c10 = c10.max(0f);
            c11 = c11.max(0f);
            c20 = c20.max(0f);
            c21 = c21.max(0f);
            c30 = c30.max(0f);
            c31 = c31.max(0f);
            c40 = c40.max(0f);
            c41 = c41.max(0f);
            c50 = c50.max(0f);
            c51 = c51.max(0f);
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + L);
        c10.intoArray(c, r1);
        c11.intoArray(c, r1 + L);
        c20.intoArray(c, r2);
        c21.intoArray(c, r2 + L);
        c30.intoArray(c, r3);
        c31.intoArray(c, r3 + L);
        c40.intoArray(c, r4);
        c41.intoArray(c, r4 + L);
        c50.intoArray(c, r5);
        c51.intoArray(c, r5 + L);
    }

    /**
     * The same block with the roles turned round, for {@link DirectConvolution}: the MR rows of C are
     * output positions and its NR columns output channels. Position i's input for depth row kk is
     * {@code x[taps[kk] + p_i]}, read straight from the (windowed, padded) input, so nothing is packed;
     * {@code b} is {@code [kc][NR]} filter values. {@code C[0..MR)[0..NR) += A * B}, C at
     * {@code c[cOff]} with row stride NR.
     */
    static void multiplyAddGathered(float[] x, int[] taps, int kk0, int kc, int p0, int p1, int p2, int p3, int p4,
                                    int p5, float[] b, int bOff, float[] c, int cOff) {
        FloatVector c00 = FloatVector.zero(SPECIES), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
        FloatVector c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
        for (int kk = kk0, bi = bOff, end = kk0 + kc; kk < end; kk++, bi += NR) {
            int t = taps[kk];
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + L);
            FloatVector a0 = FloatVector.broadcast(SPECIES, x[t + p0]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(SPECIES, x[t + p1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(SPECIES, x[t + p2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(SPECIES, x[t + p3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(SPECIES, x[t + p4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(SPECIES, x[t + p5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
        }
        c00.add(FloatVector.fromArray(SPECIES, c, cOff)).intoArray(c, cOff);
        c01.add(FloatVector.fromArray(SPECIES, c, cOff + L)).intoArray(c, cOff + L);
        c10.add(FloatVector.fromArray(SPECIES, c, cOff + NR)).intoArray(c, cOff + NR);
        c11.add(FloatVector.fromArray(SPECIES, c, cOff + NR + L)).intoArray(c, cOff + NR + L);
        c20.add(FloatVector.fromArray(SPECIES, c, cOff + 2 * NR)).intoArray(c, cOff + 2 * NR);
        c21.add(FloatVector.fromArray(SPECIES, c, cOff + 2 * NR + L)).intoArray(c, cOff + 2 * NR + L);
        c30.add(FloatVector.fromArray(SPECIES, c, cOff + 3 * NR)).intoArray(c, cOff + 3 * NR);
        c31.add(FloatVector.fromArray(SPECIES, c, cOff + 3 * NR + L)).intoArray(c, cOff + 3 * NR + L);
        c40.add(FloatVector.fromArray(SPECIES, c, cOff + 4 * NR)).intoArray(c, cOff + 4 * NR);
        c41.add(FloatVector.fromArray(SPECIES, c, cOff + 4 * NR + L)).intoArray(c, cOff + 4 * NR + L);
        c50.add(FloatVector.fromArray(SPECIES, c, cOff + 5 * NR)).intoArray(c, cOff + 5 * NR);
        c51.add(FloatVector.fromArray(SPECIES, c, cOff + 5 * NR + L)).intoArray(c, cOff + 5 * NR + L);
    }

    /** Floats in a row of {@link #multiplyAddGathered4}'s block: four vectors. */
    static final int WIDE = 4 * L;

    /**
     * {@link #multiplyAddGathered} with four vectors of output channels ({@link #WIDE}) instead of
     * two: 24 accumulators, 4 of filters and one broadcast, 29 of AVX-512's 32 vector registers (so
     * 512-bit vectors only), and half the input loads per multiply-add. The accumulators start from
     * C and are stored after the loop, with nothing added there: a tail of 72 operations (load C,
     * add, store) is more than C2 on JDK 17 intrinsifies in one method, and it boxes the rest. Even
     * so, about one JDK 17 process in twenty-five compiled the loop's last seven multiply-adds without
     * intrinsics (docs/jdk17.md); accumulators from zero with the product added
     * by a second method avoided that but ran 2.5x slower in two processes of three.
     * {@code b} is {@code [kc][WIDE]}; {@code C[0..MR)[0..WIDE) += A * B}, C at {@code c[cOff]} with
     * row stride WIDE.
     */
    static void multiplyAddGathered4(float[] x, int[] taps, int kk0, int kc, int p0, int p1, int p2, int p3, int p4,
                                     int p5, float[] b, int bOff, float[] c, int cOff) {
        FloatVector c00 = load(c, cOff);
        FloatVector c01 = load(c, cOff + L), c02 = load(c, cOff + 2 * L), c03 = load(c, cOff + 3 * L);
        FloatVector c10 = load(c, cOff + WIDE);
        FloatVector c11 = load(c, cOff + WIDE + L), c12 = load(c, cOff + WIDE + 2 * L), c13 = load(c, cOff + WIDE + 3 * L);
        FloatVector c20 = load(c, cOff + 2 * WIDE);
        FloatVector c21 = load(c, cOff + 2 * WIDE + L), c22 = load(c, cOff + 2 * WIDE + 2 * L), c23 = load(c, cOff + 2 * WIDE + 3 * L);
        FloatVector c30 = load(c, cOff + 3 * WIDE);
        FloatVector c31 = load(c, cOff + 3 * WIDE + L), c32 = load(c, cOff + 3 * WIDE + 2 * L), c33 = load(c, cOff + 3 * WIDE + 3 * L);
        FloatVector c40 = load(c, cOff + 4 * WIDE);
        FloatVector c41 = load(c, cOff + 4 * WIDE + L), c42 = load(c, cOff + 4 * WIDE + 2 * L), c43 = load(c, cOff + 4 * WIDE + 3 * L);
        FloatVector c50 = load(c, cOff + 5 * WIDE);
        FloatVector c51 = load(c, cOff + 5 * WIDE + L), c52 = load(c, cOff + 5 * WIDE + 2 * L), c53 = load(c, cOff + 5 * WIDE + 3 * L);
        for (int kk = kk0, bi = bOff, end = kk0 + kc; kk < end; kk++, bi += WIDE) {
            int t = taps[kk];
            FloatVector b0 = load(b, bi), b1 = load(b, bi + L), b2 = load(b, bi + 2 * L), b3 = load(b, bi + 3 * L);
            FloatVector a0 = FloatVector.broadcast(SPECIES, x[t + p0]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            c03 = a0.fma(b3, c03);
            FloatVector a1 = FloatVector.broadcast(SPECIES, x[t + p1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            c13 = a1.fma(b3, c13);
            FloatVector a2 = FloatVector.broadcast(SPECIES, x[t + p2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            c23 = a2.fma(b3, c23);
            FloatVector a3 = FloatVector.broadcast(SPECIES, x[t + p3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            c32 = a3.fma(b2, c32);
            c33 = a3.fma(b3, c33);
            FloatVector a4 = FloatVector.broadcast(SPECIES, x[t + p4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            c42 = a4.fma(b2, c42);
            c43 = a4.fma(b3, c43);
            FloatVector a5 = FloatVector.broadcast(SPECIES, x[t + p5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            c52 = a5.fma(b2, c52);
            c53 = a5.fma(b3, c53);
        }
        c00.intoArray(c, cOff);
        c01.intoArray(c, cOff + L);
        c02.intoArray(c, cOff + 2 * L);
        c03.intoArray(c, cOff + 3 * L);
        c10.intoArray(c, cOff + WIDE);
        c11.intoArray(c, cOff + WIDE + L);
        c12.intoArray(c, cOff + WIDE + 2 * L);
        c13.intoArray(c, cOff + WIDE + 3 * L);
        c20.intoArray(c, cOff + 2 * WIDE);
        c21.intoArray(c, cOff + 2 * WIDE + L);
        c22.intoArray(c, cOff + 2 * WIDE + 2 * L);
        c23.intoArray(c, cOff + 2 * WIDE + 3 * L);
        c30.intoArray(c, cOff + 3 * WIDE);
        c31.intoArray(c, cOff + 3 * WIDE + L);
        c32.intoArray(c, cOff + 3 * WIDE + 2 * L);
        c33.intoArray(c, cOff + 3 * WIDE + 3 * L);
        c40.intoArray(c, cOff + 4 * WIDE);
        c41.intoArray(c, cOff + 4 * WIDE + L);
        c42.intoArray(c, cOff + 4 * WIDE + 2 * L);
        c43.intoArray(c, cOff + 4 * WIDE + 3 * L);
        c50.intoArray(c, cOff + 5 * WIDE);
        c51.intoArray(c, cOff + 5 * WIDE + L);
        c52.intoArray(c, cOff + 5 * WIDE + 2 * L);
        c53.intoArray(c, cOff + 5 * WIDE + 3 * L);
    }

    /** The vector at {@code a[offset]}, in the kernels' one width. */
    static FloatVector load(float[] a, int offset) {
        return FloatVector.fromArray(SPECIES, a, offset);
    }
}
