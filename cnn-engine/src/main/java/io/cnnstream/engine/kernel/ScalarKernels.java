package io.cnnstream.engine.kernel;

import io.cnnstream.engine.parallel.WorkerPool;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;
import io.cnnstream.engine.tensor.Workspace;

import java.util.Arrays;

/**
 * Plain loops that follow the definitions, the reference every faster kernel is tested against.
 * They only split independent output planes (or rows) over the worker pool; the arithmetic inside
 * one plane is sequential and easy to check by eye.
 */
public final class ScalarKernels implements Kernels {
    private final WorkerPool pool;

    public ScalarKernels(WorkerPool pool) {
        this.pool = pool;
    }

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public WorkerPool pool() {
        return pool;
    }

    @Override
    public Tensor conv2d(Tensor input, Tensor weight, Tensor bias, Conv2dSpec s) {
        // input [N, inC, H, W], weight [outC, inC/groups, kH, kW] -> output [N, outC, OH, OW]
        Shape in = input.shape();
        Shape sample = s.outputShape(in.withoutBatch());
        KernelArgs.requireWeights(weight, s.weightShape(), bias, s.outChannels(), "convolution");
        int n = in.dim(0), h = in.dim(2), w = in.dim(3);
        int outC = s.outChannels(), oh = sample.dim(1), ow = sample.dim(2);
        int inPerGroup = s.inChannels() / s.groups(), outPerGroup = outC / s.groups();
        int kh = s.kernelH(), kw = s.kernelW(), sh = s.strideH(), sw = s.strideW(), ph = s.padH(), pw = s.padW();
        float[] x = input.data(), wt = weight.data(), b = bias == null ? null : bias.data();
        Tensor output = Workspace.zeros(sample.withBatch(n));
        float[] y = output.data();

        pool.parallelFor(n * outC, job -> {
            int image = job / outC, oc = job % outC, group = oc / outPerGroup;
            int yBase = job * oh * ow;
            Arrays.fill(y, yBase, yBase + oh * ow, b == null ? 0f : b[oc]);
            for (int ic = 0; ic < inPerGroup; ic++) {
                int xBase = (image * s.inChannels() + group * inPerGroup + ic) * h * w;
                for (int ky = 0; ky < kh; ky++) {
                    // output rows whose input row oy*sh - ph + ky lies inside [0, h)
                    int oyFrom = KernelArgs.firstInside(ph - ky, sh), oyTo = KernelArgs.endInside(h, ph - ky, sh, oh);
                    for (int kx = 0; kx < kw; kx++) {
                        float weightValue = wt[((oc * inPerGroup + ic) * kh + ky) * kw + kx];
                        int oxFrom = KernelArgs.firstInside(pw - kx, sw), oxTo = KernelArgs.endInside(w, pw - kx, sw, ow);
                        for (int oy = oyFrom; oy < oyTo; oy++) {
                            int xRow = xBase + (oy * sh - ph + ky) * w - pw + kx;
                            int yRow = yBase + oy * ow;
                            for (int ox = oxFrom; ox < oxTo; ox++) {
                                y[yRow + ox] += weightValue * x[xRow + ox * sw];
                            }
                        }
                    }
                }
            }
        });
        return output;
    }

    @Override
    public Tensor maxPool2d(Tensor input, Pool2dSpec s) {
        return pool2d(input, s, true);
    }

    @Override
    public Tensor avgPool2d(Tensor input, Pool2dSpec s) {
        return pool2d(input, s, false);
    }

    private Tensor pool2d(Tensor input, Pool2dSpec s, boolean max) {
        Shape in = input.shape();
        Shape sample = s.outputShape(in.withoutBatch());
        int planes = in.dim(0) * in.dim(1), h = in.dim(2), w = in.dim(3), oh = sample.dim(1), ow = sample.dim(2);
        float[] x = input.data();
        Tensor output = Workspace.zeros(sample.withBatch(in.dim(0)));
        float[] y = output.data();

        pool.parallelFor(planes, plane -> {
            int xBase = plane * h * w, yBase = plane * oh * ow;
            for (int oy = 0; oy < oh; oy++) {
                int y0 = oy * s.strideH() - s.padH(), y1 = Math.min(y0 + s.kernelH(), h + s.padH());
                for (int ox = 0; ox < ow; ox++) {
                    int x0 = ox * s.strideW() - s.padW(), x1 = Math.min(x0 + s.kernelW(), w + s.padW());
                    int paddedCount = (y1 - y0) * (x1 - x0);
                    int ya = Math.max(y0, 0), yb = Math.min(y1, h), xa = Math.max(x0, 0), xb = Math.min(x1, w);
                    float acc = max ? Float.NEGATIVE_INFINITY : 0f;
                    for (int yy = ya; yy < yb; yy++) {
                        for (int xx = xa; xx < xb; xx++) {
                            float v = x[xBase + yy * w + xx];
                            // NaN propagates through max, as in PyTorch
                            acc = max ? (v > acc || Float.isNaN(v) ? v : acc) : acc + v;
                        }
                    }
                    if (!max) {
                        acc /= s.countIncludePad() ? paddedCount : (yb - ya) * (xb - xa);
                    }
                    y[yBase + oy * ow + ox] = acc;
                }
            }
        });
        return output;
    }

    @Override
    public Tensor adaptiveAvgPool2d(Tensor input, int outH, int outW) {
        Shape in = input.shape();
        int n = in.dim(0), c = in.dim(1), h = in.dim(2), w = in.dim(3);
        float[] x = input.data();
        Tensor output = Workspace.zeros(Shape.of(n, c, outH, outW));
        float[] y = output.data();
        pool.parallelFor(n * c, plane -> {
            int xBase = plane * h * w, yBase = plane * outH * outW;
            for (int oy = 0; oy < outH; oy++) {
                int y0 = Math.floorDiv(oy * h, outH), y1 = -Math.floorDiv(-(oy + 1) * h, outH);
                for (int ox = 0; ox < outW; ox++) {
                    int x0 = Math.floorDiv(ox * w, outW), x1 = -Math.floorDiv(-(ox + 1) * w, outW);
                    float sum = 0f;
                    for (int yy = y0; yy < y1; yy++) {
                        for (int xx = x0; xx < x1; xx++) {
                            sum += x[xBase + yy * w + xx];
                        }
                    }
                    y[yBase + oy * outW + ox] = sum / ((y1 - y0) * (x1 - x0));
                }
            }
        });
        return output;
    }

    @Override
    public Tensor localResponseNorm(Tensor input, LrnSpec s) {
        Shape in = input.shape();
        int n = in.dim(0), c = in.dim(1), plane = in.dim(2) * in.dim(3);
        int before = s.size() / 2, after = (s.size() - 1) / 2;
        float[] x = input.data();
        Tensor output = Workspace.zeros(in);
        float[] y = output.data();
        pool.parallelFor(n * c, job -> {
            int image = job / c, ch = job % c;
            int from = Math.max(0, ch - before), to = Math.min(c - 1, ch + after);
            int base = (image * c + ch) * plane;
            for (int i = 0; i < plane; i++) {
                float sumSquares = 0f;
                for (int j = from; j <= to; j++) {
                    float v = x[(image * c + j) * plane + i];
                    sumSquares += v * v;
                }
                double scale = Math.pow(s.k() + s.alpha() / s.size() * sumSquares, s.beta());
                y[base + i] = (float) (x[base + i] / scale);
            }
        });
        return output;
    }

    @Override
    public Tensor linear(Tensor input, Tensor weight, Tensor bias) {
        // input [N, in], weight [out, in] -> output [N, out]
        Shape in = input.shape();
        int n = in.dim(0), features = in.dim(1), outputs = KernelArgs.requireLinear(input, weight, bias);
        float[] x = input.data(), wt = weight.data(), b = bias == null ? null : bias.data();
        Tensor output = Workspace.zeros(Shape.of(n, outputs));
        float[] y = output.data();
        // one weight row at a time, applied to the whole batch, so each row is read from memory once
        pool.parallelFor(outputs, o -> {
            int wBase = o * features;
            for (int image = 0; image < n; image++) {
                int xBase = image * features;
                float sum = 0f;
                for (int f = 0; f < features; f++) {
                    sum += wt[wBase + f] * x[xBase + f];
                }
                y[image * outputs + o] = b == null ? sum : sum + b[o];
            }
        });
        return output;
    }

    @Override
    public Tensor activation(Tensor input, Activation activation) {
        float[] x = input.data();
        Tensor output = Workspace.zeros(input.shape());
        float[] y = output.data();
        for (int i = 0; i < x.length; i++) {
            y[i] = activation.apply(x[i]);
        }
        return output;
    }

    @Override
    public Tensor channelAffine(Tensor input, float[] scale, float[] shift) {
        Shape in = input.shape();
        int n = in.dim(0), c = in.dim(1), plane = in.dim(2) * in.dim(3);
        KernelArgs.requirePerChannel(input, scale, shift);
        float[] x = input.data();
        Tensor output = Workspace.zeros(in);
        float[] y = output.data();
        pool.parallelFor(n * c, job -> {
            int ch = job % c, base = job * plane;
            for (int i = 0; i < plane; i++) {
                y[base + i] = x[base + i] * scale[ch] + shift[ch];
            }
        });
        return output;
    }

    @Override
    public Tensor add(Tensor a, Tensor b) {
        b.requireShape(a.shape(), "second operand of add");
        float[] x = a.data(), z = b.data();
        Tensor output = Workspace.zeros(a.shape());
        float[] y = output.data();
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] + z[i];
        }
        return output;
    }

    @Override
    public Tensor concatChannels(java.util.List<Tensor> parts) {
        Shape first = parts.get(0).shape();
        int n = first.dim(0), h = first.dim(2), w = first.dim(3), channels = 0;
        for (Tensor t : parts) {
            Shape s = t.shape();
            if (s.rank() != 4 || s.dim(0) != n || s.dim(2) != h || s.dim(3) != w) {
                throw new IllegalArgumentException("cannot concatenate " + s + " with " + first + " along channels");
            }
            channels += s.dim(1);
        }
        Tensor output = Workspace.zeros(Shape.of(n, channels, h, w));
        float[] y = output.data();
        int plane = h * w;
        for (int image = 0; image < n; image++) {
            int at = image * channels * plane;
            for (Tensor t : parts) {
                int size = t.shape().dim(1) * plane;
                System.arraycopy(t.data(), image * size, y, at, size);
                at += size;
            }
        }
        return output;
    }

    @Override
    public Tensor convTranspose2d(Tensor input, Tensor weight, Tensor bias, ConvTranspose2dSpec s) {
        // input [N, in, H, W], weight [in, out/groups, kH, kW] -> output [N, out, OH, OW]:
        // every input value scatters value * kernel into the output at (iy * stride - pad + ky, ...)
        Shape in = input.shape();
        Shape sample = s.outputShape(in.withoutBatch());
        KernelArgs.requireWeights(weight, s.weightShape(), bias, s.outChannels(), "transposed convolution");
        int n = in.dim(0), h = in.dim(2), w = in.dim(3), oh = sample.dim(1), ow = sample.dim(2);
        int inPerGroup = s.inChannels() / s.groups(), outPerGroup = s.outChannels() / s.groups();
        float[] x = input.data(), wt = weight.data(), b = bias == null ? null : bias.data();
        Tensor output = Workspace.zeros(sample.withBatch(n));
        float[] y = output.data();
        pool.parallelFor(n * s.outChannels(), job -> {
            int image = job / s.outChannels(), oc = job % s.outChannels(), group = oc / outPerGroup, ocInGroup = oc % outPerGroup;
            int yBase = job * oh * ow;
            java.util.Arrays.fill(y, yBase, yBase + oh * ow, b == null ? 0f : b[oc]);
            for (int icInGroup = 0; icInGroup < inPerGroup; icInGroup++) {
                int ic = group * inPerGroup + icInGroup;
                int xBase = (image * s.inChannels() + ic) * h * w;
                int wBase = (ic * outPerGroup + ocInGroup) * s.kernelH() * s.kernelW();
                for (int iy = 0; iy < h; iy++) {
                    for (int ix = 0; ix < w; ix++) {
                        float v = x[xBase + iy * w + ix];
                        for (int ky = 0; ky < s.kernelH(); ky++) {
                            int oy = iy * s.strideH() - s.padH() + ky;
                            if (oy < 0 || oy >= oh) {
                                continue;
                            }
                            for (int kx = 0; kx < s.kernelW(); kx++) {
                                int ox = ix * s.strideW() - s.padW() + kx;
                                if (ox >= 0 && ox < ow) {
                                    y[yBase + oy * ow + ox] += v * wt[wBase + ky * s.kernelW() + kx];
                                }
                            }
                        }
                    }
                }
            }
        });
        return output;
    }

    @Override
    public PooledWithIndices maxPool2dWithIndices(Tensor input, Pool2dSpec s) {
        Shape in = input.shape();
        Shape sample = s.outputShape(in.withoutBatch());
        int planes = in.dim(0) * in.dim(1), h = in.dim(2), w = in.dim(3), oh = sample.dim(1), ow = sample.dim(2);
        float[] x = input.data();
        Tensor output = Workspace.zeros(sample.withBatch(in.dim(0)));
        float[] y = output.data();
        int[] indices = new int[y.length];
        pool.parallelFor(planes, plane -> {
            int xBase = plane * h * w, yBase = plane * oh * ow;
            for (int oy = 0; oy < oh; oy++) {
                int y0 = Math.max(oy * s.strideH() - s.padH(), 0), y1 = Math.min(oy * s.strideH() - s.padH() + s.kernelH(), h);
                for (int ox = 0; ox < ow; ox++) {
                    int x0 = Math.max(ox * s.strideW() - s.padW(), 0), x1 = Math.min(ox * s.strideW() - s.padW() + s.kernelW(), w);
                    float best = Float.NEGATIVE_INFINITY;
                    int at = y0 * w + x0;
                    for (int yy = y0; yy < y1; yy++) {
                        for (int xx = x0; xx < x1; xx++) {
                            float v = x[xBase + yy * w + xx];
                            if (v > best || Float.isNaN(v)) {
                                best = v;
                                at = yy * w + xx;
                            }
                        }
                    }
                    y[yBase + oy * ow + ox] = best;
                    indices[yBase + oy * ow + ox] = at;
                }
            }
        });
        return new PooledWithIndices(output, indices);
    }

    @Override
    public Tensor maxUnpool2d(Tensor input, int[] indices, int outH, int outW) {
        Shape in = input.shape();
        if (indices.length != in.size()) {
            throw new IllegalArgumentException("unpooling " + in + " needs " + in.size() + " indices, got " + indices.length);
        }
        int planes = in.dim(0) * in.dim(1), plane = in.dim(2) * in.dim(3), outPlane = outH * outW;
        float[] x = input.data();
        Tensor output = Workspace.zeros(Shape.of(in.dim(0), in.dim(1), outH, outW));
        float[] y = output.data();
        for (int p = 0; p < planes; p++) {
            for (int i = 0; i < plane; i++) {
                int at = indices[p * plane + i];
                if (at < 0 || at >= outPlane) {
                    throw new IllegalArgumentException("pooling index " + at + " is outside the " + outH + "x" + outW + " output");
                }
                y[p * outPlane + at] = x[p * plane + i];
            }
        }
        return output;
    }

    @Override
    public Tensor rowDots(Tensor a, Tensor b) {
        int m = a.shape().dim(0), n = b.shape().dim(0), k = KernelArgs.requireRowDots(a, b);
        float[] x = a.data(), y = b.data();
        Tensor output = Workspace.zeros(Shape.of(m, n));
        float[] out = output.data();
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float sum = 0f;
                for (int p = 0; p < k; p++) {
                    sum += x[i * k + p] * y[j * k + p];
                }
                out[i * n + j] = sum;
            }
        }
        return output;
    }

    @Override
    public Tensor softmax(Tensor input) {
        Shape in = input.shape();
        if (in.rank() != 2) {
            throw new IllegalArgumentException("softmax expects NxK input, got " + in);
        }
        int n = in.dim(0), k = in.dim(1);
        float[] x = input.data();
        Tensor output = Workspace.zeros(in);
        float[] y = output.data();
        for (int row = 0; row < n; row++) {
            int base = row * k;
            float max = Float.NEGATIVE_INFINITY;
            for (int i = 0; i < k; i++) {
                max = Math.max(max, x[base + i]);
            }
            double sum = 0;
            for (int i = 0; i < k; i++) {
                sum += Math.exp(x[base + i] - max);
            }
            for (int i = 0; i < k; i++) {
                y[base + i] = (float) (Math.exp(x[base + i] - max) / sum);
            }
        }
        return output;
    }
}
