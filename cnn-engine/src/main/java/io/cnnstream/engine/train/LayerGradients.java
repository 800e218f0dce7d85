package io.cnnstream.engine.train;

import io.cnnstream.engine.kernel.Activation;
import io.cnnstream.engine.kernel.LrnSpec;
import io.cnnstream.engine.kernel.Pool2dSpec;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

/**
 * The backward passes of the layers with little arithmetic, written once, each the derivative of
 * the scalar forward kernel with the same window and tie rules ({@code ScalarKernels}).
 */
final class LayerGradients {
    private LayerGradients() {
    }

    /** Each output's gradient goes to the first maximum of its window, the one the forward pass picked. */
    static Tensor maxPool2d(Tensor dy, Tensor input, Pool2dSpec s) {
        return pool2d(dy, input, s, true);
    }

    /** Each output's gradient, divided as the forward pass divided its sum, spread over its window. */
    static Tensor avgPool2d(Tensor dy, Shape inputShape, Pool2dSpec s) {
        return pool2d(dy, Tensor.zeros(inputShape), s, false);
    }

    private static Tensor pool2d(Tensor dy, Tensor input, Pool2dSpec s, boolean max) {
        Shape in = input.shape();
        int planes = in.dim(0) * in.dim(1), h = in.dim(2), w = in.dim(3), oh = dy.shape().dim(2), ow = dy.shape().dim(3);
        float[] x = input.data(), g = dy.data(), dx = new float[in.intSize()];
        for (int plane = 0; plane < planes; plane++) {
            int xBase = plane * h * w, gBase = plane * oh * ow;
            for (int oy = 0; oy < oh; oy++) {
                int y0 = oy * s.strideH() - s.padH(), y1 = Math.min(y0 + s.kernelH(), h + s.padH());
                for (int ox = 0; ox < ow; ox++) {
                    int x0 = ox * s.strideW() - s.padW(), x1 = Math.min(x0 + s.kernelW(), w + s.padW());
                    int ya = Math.max(y0, 0), yb = Math.min(y1, h), xa = Math.max(x0, 0), xb = Math.min(x1, w);
                    float grad = g[gBase + oy * ow + ox];
                    if (max) {
                        int best = -1;
                        float acc = Float.NEGATIVE_INFINITY;
                        for (int yy = ya; yy < yb; yy++) {
                            for (int xx = xa; xx < xb; xx++) {
                                float v = x[xBase + yy * w + xx];
                                if (best < 0 || v > acc || Float.isNaN(v) && !Float.isNaN(acc)) {
                                    acc = v;
                                    best = xBase + yy * w + xx;
                                }
                            }
                        }
                        dx[best] += grad;
                    } else {
                        int count = s.countIncludePad() ? (y1 - y0) * (x1 - x0) : (yb - ya) * (xb - xa);
                        float share = grad / count;
                        for (int yy = ya; yy < yb; yy++) {
                            for (int xx = xa; xx < xb; xx++) {
                                dx[xBase + yy * w + xx] += share;
                            }
                        }
                    }
                }
            }
        }
        return Tensor.of(in, dx);
    }

    /** Adaptive average pooling's windows {@code [floor(i*In/Out), ceil((i+1)*In/Out))}, each output spread evenly. */
    static Tensor adaptiveAvgPool2d(Tensor dy, Shape inputShape) {
        int planes = inputShape.dim(0) * inputShape.dim(1), h = inputShape.dim(2), w = inputShape.dim(3);
        int outH = dy.shape().dim(2), outW = dy.shape().dim(3);
        float[] g = dy.data(), dx = new float[inputShape.intSize()];
        for (int plane = 0; plane < planes; plane++) {
            int xBase = plane * h * w, gBase = plane * outH * outW;
            for (int oy = 0; oy < outH; oy++) {
                int y0 = Math.floorDiv(oy * h, outH), y1 = -Math.floorDiv(-(oy + 1) * h, outH);
                for (int ox = 0; ox < outW; ox++) {
                    int x0 = Math.floorDiv(ox * w, outW), x1 = -Math.floorDiv(-(ox + 1) * w, outW);
                    float share = g[gBase + oy * outW + ox] / ((y1 - y0) * (x1 - x0));
                    for (int yy = y0; yy < y1; yy++) {
                        for (int xx = x0; xx < x1; xx++) {
                            dx[xBase + yy * w + xx] += share;
                        }
                    }
                }
            }
        }
        return Tensor.of(inputShape, dx);
    }

    /** PyTorch's derivatives, written with the input {@code x} or the output {@code y}, whichever it uses. */
    static Tensor activation(Tensor dy, Tensor x, Tensor y, Activation a) {
        float[] g = dy.data(), in = x.data(), out = y.data(), dx = new float[g.length];
        float p = a.parameter();
        for (int i = 0; i < g.length; i++) {
            dx[i] = switch (a.kind()) {
                case RELU -> in[i] > 0f ? g[i] : 0f;
                case TANH -> g[i] * (1f - out[i] * out[i]);
                case SIGMOID -> g[i] * (1f - out[i]) * out[i];
                case LEAKY_RELU -> in[i] > 0f ? g[i] : g[i] * p;
                case ELU -> in[i] > 0f ? g[i] : g[i] * (out[i] + p);
            };
        }
        return Tensor.of(dy.shape(), dx);
    }

    /**
     * With {@code S_c = k + alpha/size * sum of x_j^2 over c's window} and {@code y_c = x_c S_c^-beta}:
     * {@code dx_j = dy_j S_j^-beta - 2 alpha beta / size * x_j * sum over the windows holding j of dy_c x_c S_c^(-beta-1)}.
     */
    static Tensor localResponseNorm(Tensor dy, Tensor input, LrnSpec s) {
        Shape in = input.shape();
        int n = in.dim(0), c = in.dim(1), plane = in.dim(2) * in.dim(3);
        int before = s.size() / 2, after = (s.size() - 1) / 2;
        float[] x = input.data(), g = dy.data(), dx = new float[x.length];
        double[] scale = new double[c], weighted = new double[c];
        for (int image = 0; image < n; image++) {
            for (int i = 0; i < plane; i++) {
                for (int ch = 0; ch < c; ch++) {
                    double sumSquares = 0;
                    for (int j = Math.max(0, ch - before); j <= Math.min(c - 1, ch + after); j++) {
                        double v = x[(image * c + j) * plane + i];
                        sumSquares += v * v;
                    }
                    scale[ch] = s.k() + s.alpha() / s.size() * sumSquares;
                    int at = (image * c + ch) * plane + i;
                    weighted[ch] = g[at] * x[at] * Math.pow(scale[ch], -s.beta() - 1);
                }
                for (int j = 0; j < c; j++) {
                    double sum = 0;
                    for (int ch = Math.max(0, j - after); ch <= Math.min(c - 1, j + before); ch++) {
                        sum += weighted[ch];
                    }
                    int at = (image * c + j) * plane + i;
                    dx[at] = (float) (g[at] * Math.pow(scale[j], -s.beta())
                            - 2 * s.alpha() * s.beta() / s.size() * x[at] * sum);
                }
            }
        }
        return Tensor.of(in, dx);
    }
}
