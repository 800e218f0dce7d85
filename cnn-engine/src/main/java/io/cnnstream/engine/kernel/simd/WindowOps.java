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
     * reduced across its columns with shifted vector loads; the strided outputs pick from that, and
     * only windows over the padding are reduced one value at a time.
     */
    static void pool(WorkerPool pool, float[] x, int planes, int h, int w, Pool2dSpec s, int oh, int ow,
                     float[] y, boolean max) {
        int kw = s.kernelW(), inside = Math.max(0, w - kw + 1), insideBound = S.loopBound(inside);
        pool.parallelFor(planes, plane -> {
            // reduced[0, w): the window's rows reduced column-wise; win[0, inside): then across kw columns
            float[] buffers = Scratch.get().panels(2 * w);
            int xBase = plane * h * w, yBase = plane * oh * ow, bound = S.loopBound(w);
            for (int oy = 0; oy < oh; oy++) {
                int y0 = oy * s.strideH() - s.padH(), y1 = Math.min(y0 + s.kernelH(), h + s.padH());
                int ya = Math.max(y0, 0), yb = Math.min(y1, h);
                int i = 0;
                for (; i < bound; i += S.length()) {
                    FloatVector acc = FloatVector.fromArray(S, x, xBase + ya * w + i);
                    for (int yy = ya + 1; yy < yb; yy++) {
                        FloatVector v = FloatVector.fromArray(S, x, xBase + yy * w + i);
                        acc = max ? acc.max(v) : acc.add(v);
                    }
                    acc.intoArray(buffers, i);
                }
                for (; i < w; i++) {
                    float acc = x[xBase + ya * w + i];
                    for (int yy = ya + 1; yy < yb; yy++) {
                        float v = x[xBase + yy * w + i];
                        acc = max ? Math.max(acc, v) : acc + v;
                    }
                    buffers[i] = acc;
                }
                // every window that lies inside the row, all at once: kw - 1 shifted vector passes
                for (i = 0; i < insideBound; i += S.length()) {
                    FloatVector acc = FloatVector.fromArray(S, buffers, i);
                    for (int j = 1; j < kw; j++) {
                        FloatVector v = FloatVector.fromArray(S, buffers, i + j);
                        acc = max ? acc.max(v) : acc.add(v);
                    }
                    acc.intoArray(buffers, w + i);
                }
                for (; i < inside; i++) {
                    float acc = buffers[i];
                    for (int j = 1; j < kw; j++) {
                        acc = max ? Math.max(acc, buffers[i + j]) : acc + buffers[i + j];
                    }
                    buffers[w + i] = acc;
                }
                for (int ox = 0; ox < ow; ox++) {
                    int x0 = ox * s.strideW() - s.padW(), x1 = Math.min(x0 + kw, w + s.padW());
                    int xa = Math.max(x0, 0), xb = Math.min(x1, w);
                    float acc;
                    if (x0 >= 0 && x0 + kw <= w) {
                        acc = buffers[w + x0];
                    } else { // a window over the padding: only its inside columns
                        acc = buffers[xa];
                        for (int xx = xa + 1; xx < xb; xx++) {
                            acc = max ? Math.max(acc, buffers[xx]) : acc + buffers[xx];
                        }
                    }
                    if (!max) {
                        acc /= s.countIncludePad() ? (y1 - y0) * (x1 - x0) : (yb - ya) * (xb - xa);
                    }
                    y[yBase + oy * ow + ox] = acc;
                }
            }
        });
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
