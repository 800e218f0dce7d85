package io.cnnstream.engine.kernel.simd;

import io.cnnstream.engine.kernel.LrnSpec;
import io.cnnstream.engine.kernel.Pool2dSpec;
import io.cnnstream.engine.parallel.WorkerPool;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Pooling and local response normalisation with vectors along the width of a plane. */
final class WindowOps {
    private static final VectorSpecies<Float> S = MicroKernel.SPECIES; // one width everywhere: see VectorWidth

    private WindowOps() {
    }

    /**
     * Max or average pooling of {@code planes} planes. Per output row, the window's input rows are
     * first reduced column-wise with whole vectors, then every window position inside the row is
     * reduced across its columns with shifted vector loads, and the strided outputs are picked from
     * those; only windows over the padding are reduced one value at a time. Rows are rarely a
     * multiple of the vector (55, 27, 13 in AlexNet): a row's last vector runs on past its end (into
     * the next row, or the buffer's slack) and its extra lanes are never picked, so no row has a
     * scalar tail.
     */
    static void pool(WorkerPool pool, float[] x, int planes, int h, int w, Pool2dSpec s, int oh, int ow,
                     float[] y, boolean max) {
        int kw = s.kernelW(), sw = s.strideW(), pw = s.padW(), inside = Math.max(0, w - kw + 1), length = S.length();
        // outputs [firstInside, endInside) have windows inside the row: ox * stride - pad in [0, w - kw]
        int firstInside = Math.min(ow, (pw + sw - 1) / sw);
        int endInside = Math.max(firstInside, Math.min(ow, Math.floorDiv(w - kw + pw, sw) + 1));
        pool.parallelFor(planes, plane -> {
            // [0, w + L): the window's rows reduced column-wise; [w + L, 2 (w + L)): then across kw columns
            float[] buffers = Scratch.get().panels(2 * (w + length));
            int windows = w + length, xBase = plane * h * w, yBase = plane * oh * ow;
            for (int oy = 0; oy < oh; oy++) {
                int y0 = oy * s.strideH() - s.padH(), y1 = Math.min(y0 + s.kernelH(), h + s.padH());
                int ya = Math.max(y0, 0), yb = Math.min(y1, h), rowOut = yBase + oy * ow;
                // whole vectors while the last row's vector stays inside x (all but the very end of x)
                int vectorEnd = Math.min(w, x.length - (xBase + (yb - 1) * w) - length + 1);
                int i = 0;
                if (vectorEnd > 0) {
                    i = max ? columnsMax(x, xBase + ya * w, w, yb - ya, vectorEnd, buffers)
                            : columnsSum(x, xBase + ya * w, w, yb - ya, vectorEnd, buffers);
                }
                for (; i < w; i++) {
                    float acc = x[xBase + ya * w + i];
                    for (int yy = ya + 1; yy < yb; yy++) {
                        float v = x[xBase + yy * w + i];
                        acc = max ? Math.max(acc, v) : acc + v;
                    }
                    buffers[i] = acc;
                }
                // every window inside the row at once, kw - 1 shifted vector passes (reads stay below w + L - 1)
                if (max) {
                    windowsMax(buffers, inside, kw, windows);
                } else {
                    windowsSum(buffers, inside, kw, windows);
                }
                float divisor = (s.countIncludePad() ? y1 - y0 : yb - ya) * kw;
                for (int ox = firstInside; ox < endInside; ox++) {
                    y[rowOut + ox] = max ? buffers[windows + ox * sw - pw] : buffers[windows + ox * sw - pw] / divisor;
                }
                for (int ox = 0; ox < ow; ox++) {
                    if (ox >= firstInside && ox < endInside) { // picked above
                        ox = endInside - 1;
                        continue;
                    }
                    // a window over the padding: only its inside columns
                    int x0 = ox * sw - pw, x1 = Math.min(x0 + kw, w + pw);
                    int xa = Math.max(x0, 0), xb = Math.min(x1, w);
                    float acc = buffers[xa];
                    for (int xx = xa + 1; xx < xb; xx++) {
                        acc = max ? Math.max(acc, buffers[xx]) : acc + buffers[xx];
                    }
                    if (!max) {
                        acc /= s.countIncludePad() ? (y1 - y0) * (x1 - x0) : (yb - ya) * (xb - xa);
                    }
                    y[rowOut + ox] = acc;
                }
            }
        });
    }

    // One method per operation: with "max ? a.max(b) : a.add(b)" in one loop, C2 (JDK 17) merges
    // the two into one operation whose operator is not a constant, cannot compile it to a vector
    // instruction and runs the Java fallback (measured: max pooling 1.4x slower). A vector carried
    // through two nested loops is boxed, and windows reduced straight from the input (kh x kw
    // unaligned loads) measured 2x slower than these two passes.

    /** {@code out[i]} = max over {@code rows} rows ({@code w} apart from {@code at}) at column i, for i below {@code end}; returns where it stopped. */
    private static int columnsMax(float[] x, int at, int w, int rows, int end, float[] out) {
        int i = 0;
        for (; i < end; i += S.length()) {
            FloatVector acc = FloatVector.fromArray(S, x, at + i);
            for (int r = 1; r < rows; r++) {
                acc = acc.max(FloatVector.fromArray(S, x, at + r * w + i));
            }
            acc.intoArray(out, i);
        }
        return i;
    }

    /** As {@link #columnsMax}, summing. */
    private static int columnsSum(float[] x, int at, int w, int rows, int end, float[] out) {
        int i = 0;
        for (; i < end; i += S.length()) {
            FloatVector acc = FloatVector.fromArray(S, x, at + i);
            for (int r = 1; r < rows; r++) {
                acc = acc.add(FloatVector.fromArray(S, x, at + r * w + i));
            }
            acc.intoArray(out, i);
        }
        return i;
    }

    /** {@code b[to + i]} = max of {@code b[i, i + kw)} for every i below {@code count}, whole vectors. */
    private static void windowsMax(float[] b, int count, int kw, int to) {
        for (int i = 0; i < count; i += S.length()) {
            FloatVector acc = FloatVector.fromArray(S, b, i);
            for (int j = 1; j < kw; j++) {
                acc = acc.max(FloatVector.fromArray(S, b, i + j));
            }
            acc.intoArray(b, to + i);
        }
    }

    /** As {@link #windowsMax}, summing. */
    private static void windowsSum(float[] b, int count, int kw, int to) {
        for (int i = 0; i < count; i += S.length()) {
            FloatVector acc = FloatVector.fromArray(S, b, i);
            for (int j = 1; j < kw; j++) {
                acc = acc.add(FloatVector.fromArray(S, b, i + j));
            }
            acc.intoArray(b, to + i);
        }
    }

    /**
     * PyTorch's LocalResponseNorm across channels, {@code y = x / (k + alpha/size * sum x^2)^beta},
     * one output plane per task with vectors along the plane. For AlexNet's beta = 0.75 the power is
     * {@code sqrt(d * sqrt(d))}, two square roots instead of a general pow.
     */
    static void localResponseNorm(WorkerPool pool, float[] x, int n, int c, int plane, LrnSpec s, float[] y) {
        int before = s.size() / 2, after = (s.size() - 1) / 2;
        float k = (float) s.k(), alphaOverSize = (float) (s.alpha() / s.size()), beta = (float) s.beta();
        boolean threeQuarters = beta == 0.75f;
        int bound = S.loopBound(plane);
        pool.parallelFor(n * c, job -> {
            int image = job / c, ch = job % c;
            int from = Math.max(0, ch - before), to = Math.min(c - 1, ch + after);
            int base = job * plane, first = (image * c + from) * plane;
            int i = 0;
            for (; i < bound; i += S.length()) {
                FloatVector sum = FloatVector.zero(S);
                for (int j = 0, at = first + i; j <= to - from; j++, at += plane) {
                    FloatVector v = FloatVector.fromArray(S, x, at);
                    sum = v.fma(v, sum);
                }
                FloatVector d = sum.fma(alphaOverSize, k);
                FloatVector scale = threeQuarters
                        ? d.mul(d.lanewise(VectorOperators.SQRT)).lanewise(VectorOperators.SQRT)
                        : d.lanewise(VectorOperators.POW, beta);
                FloatVector.fromArray(S, x, base + i).div(scale).intoArray(y, base + i);
            }
            for (; i < plane; i++) {
                float sum = 0f;
                for (int j = from; j <= to; j++) {
                    float v = x[(image * c + j) * plane + i];
                    sum += v * v;
                }
                y[base + i] = (float) (x[base + i] / Math.pow(k + alphaOverSize * sum, beta));
            }
        });
    }
}
