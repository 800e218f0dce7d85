package io.cnnstream.engine.kernel.simd;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code C = A B^T} for long rows: {@code c[i][j] = sum_p a[i][p] * b[j][p]}, with K (the row length)
 * in the thousands and M, N small, as a weight gradient summed over a batch's positions is. Blocks
 * of 4 x 3 outputs keep 12 vector accumulators running along the rows (7 loads per 12 multiply-adds)
 * and reduce across lanes once per output at the end. Nothing is packed: both operands are read in
 * place, which matters when they are fresh every call. A matrix product over packed panels
 * ({@code DenseProduct}) computed these with 6 or 16 useful outputs out of a 32-wide panel.
 */
final class RowDots {
    private static final VectorSpecies<Float> S = MicroKernel.SPECIES;
    private static final int L = S.length();

    private RowDots() {
    }

    static void run(float[] a, int m, float[] b, int n, int k, float[] c) {
        int i = 0;
        for (; i + 4 <= m; i += 4) {
            int j = 0;
            for (; j + 3 <= n; j += 3) {
                block4x3(a, i, b, j, k, c, n);
            }
            for (; j < n; j++) {
                for (int r = i; r < i + 4; r++) {
                    c[r * n + j] = dot(a, r * k, b, j * k, k);
                }
            }
        }
        for (; i < m; i++) {
            for (int j = 0; j < n; j++) {
                c[i * n + j] = dot(a, i * k, b, j * k, k);
            }
        }
    }

    private static void block4x3(float[] a, int i, float[] b, int j, int k, float[] c, int n) {
        int a0 = i * k, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k, b0 = j * k, b1 = b0 + k, b2 = b1 + k;
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00, c10 = c00, c11 = c00, c12 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c30 = c00, c31 = c00, c32 = c00;
        int p = 0, bound = S.loopBound(k);
        for (; p < bound; p += L) {
            FloatVector y0 = FloatVector.fromArray(S, b, b0 + p);
            FloatVector y1 = FloatVector.fromArray(S, b, b1 + p);
            FloatVector y2 = FloatVector.fromArray(S, b, b2 + p);
            FloatVector x = FloatVector.fromArray(S, a, a0 + p);
            c00 = x.fma(y0, c00);
            c01 = x.fma(y1, c01);
            c02 = x.fma(y2, c02);
            x = FloatVector.fromArray(S, a, a1 + p);
            c10 = x.fma(y0, c10);
            c11 = x.fma(y1, c11);
            c12 = x.fma(y2, c12);
            x = FloatVector.fromArray(S, a, a2 + p);
            c20 = x.fma(y0, c20);
            c21 = x.fma(y1, c21);
            c22 = x.fma(y2, c22);
            x = FloatVector.fromArray(S, a, a3 + p);
            c30 = x.fma(y0, c30);
            c31 = x.fma(y1, c31);
            c32 = x.fma(y2, c32);
        }
        float[] s = {c00.reduceLanes(VectorOperators.ADD), c01.reduceLanes(VectorOperators.ADD), c02.reduceLanes(VectorOperators.ADD),
            c10.reduceLanes(VectorOperators.ADD), c11.reduceLanes(VectorOperators.ADD), c12.reduceLanes(VectorOperators.ADD),
            c20.reduceLanes(VectorOperators.ADD), c21.reduceLanes(VectorOperators.ADD), c22.reduceLanes(VectorOperators.ADD),
            c30.reduceLanes(VectorOperators.ADD), c31.reduceLanes(VectorOperators.ADD), c32.reduceLanes(VectorOperators.ADD)};
        for (; p < k; p++) {
            for (int r = 0; r < 4; r++) {
                float x = a[a0 + r * k + p];
                s[r * 3] += x * b[b0 + p];
                s[r * 3 + 1] += x * b[b1 + p];
                s[r * 3 + 2] += x * b[b2 + p];
            }
        }
        for (int r = 0; r < 4; r++) {
            for (int q = 0; q < 3; q++) {
                c[(i + r) * n + j + q] = s[r * 3 + q];
            }
        }
    }

    private static float dot(float[] a, int from, float[] b, int bFrom, int k) {
        FloatVector acc = FloatVector.zero(S);
        int p = 0, bound = S.loopBound(k);
        for (; p < bound; p += L) {
            acc = FloatVector.fromArray(S, a, from + p).fma(FloatVector.fromArray(S, b, bFrom + p), acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; p < k; p++) {
            sum += a[from + p] * b[bFrom + p];
        }
        return sum;
    }
}
