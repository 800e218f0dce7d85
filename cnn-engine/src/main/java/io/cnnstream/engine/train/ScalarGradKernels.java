package io.cnnstream.engine.train;

import io.cnnstream.engine.kernel.Conv2dSpec;
import io.cnnstream.engine.kernel.KernelArgs;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

/**
 * The oracle: each gradient written as the derivative of the scalar forward loop it undoes, sums
 * over the batch and the output positions accumulated in double.
 */
public final class ScalarGradKernels implements GradKernels {
    @Override
    public String name() {
        return "scalar";
    }

    @Override
    public Tensor conv2dInput(Tensor dy, Tensor weight, Conv2dSpec s, Shape inputShape) {
        int n = inputShape.dim(0), h = inputShape.dim(2), w = inputShape.dim(3);
        int outC = s.outChannels(), oh = dy.shape().dim(2), ow = dy.shape().dim(3);
        int inPerGroup = s.inChannels() / s.groups(), outPerGroup = outC / s.groups();
        int kh = s.kernelH(), kw = s.kernelW(), sh = s.strideH(), sw = s.strideW(), ph = s.padH(), pw = s.padW();
        float[] g = dy.data(), wt = weight.data();
        float[] dx = new float[inputShape.intSize()];
        for (int image = 0; image < n; image++) {
            for (int oc = 0; oc < outC; oc++) {
                int group = oc / outPerGroup, gBase = (image * outC + oc) * oh * ow;
                for (int ic = 0; ic < inPerGroup; ic++) {
                    int xBase = (image * s.inChannels() + group * inPerGroup + ic) * h * w;
                    for (int ky = 0; ky < kh; ky++) {
                        int oyFrom = KernelArgs.firstInside(ph - ky, sh), oyTo = KernelArgs.endInside(h, ph - ky, sh, oh);
                        for (int kx = 0; kx < kw; kx++) {
                            float weightValue = wt[((oc * inPerGroup + ic) * kh + ky) * kw + kx];
                            int oxFrom = KernelArgs.firstInside(pw - kx, sw), oxTo = KernelArgs.endInside(w, pw - kx, sw, ow);
                            for (int oy = oyFrom; oy < oyTo; oy++) {
                                int xRow = xBase + (oy * sh - ph + ky) * w - pw + kx;
                                for (int ox = oxFrom; ox < oxTo; ox++) {
                                    dx[xRow + ox * sw] += weightValue * g[gBase + oy * ow + ox];
                                }
                            }
                        }
                    }
                }
            }
        }
        return Tensor.of(inputShape, dx);
    }

    @Override
    public void conv2dWeight(Tensor dy, Tensor input, Conv2dSpec s, float[] dWeight, float[] dBias) {
        Shape in = input.shape();
        int n = in.dim(0), h = in.dim(2), w = in.dim(3);
        int outC = s.outChannels(), oh = dy.shape().dim(2), ow = dy.shape().dim(3);
        int inPerGroup = s.inChannels() / s.groups(), outPerGroup = outC / s.groups();
        int kh = s.kernelH(), kw = s.kernelW(), sh = s.strideH(), sw = s.strideW(), ph = s.padH(), pw = s.padW();
        float[] g = dy.data(), x = input.data();
        for (int oc = 0; oc < outC; oc++) {
            int group = oc / outPerGroup;
            for (int ic = 0; ic < inPerGroup; ic++) {
                for (int ky = 0; ky < kh; ky++) {
                    int oyFrom = KernelArgs.firstInside(ph - ky, sh), oyTo = KernelArgs.endInside(h, ph - ky, sh, oh);
                    for (int kx = 0; kx < kw; kx++) {
                        int oxFrom = KernelArgs.firstInside(pw - kx, sw), oxTo = KernelArgs.endInside(w, pw - kx, sw, ow);
                        double sum = 0;
                        for (int image = 0; image < n; image++) {
                            int xBase = (image * s.inChannels() + group * inPerGroup + ic) * h * w;
                            int gBase = (image * outC + oc) * oh * ow;
                            for (int oy = oyFrom; oy < oyTo; oy++) {
                                int xRow = xBase + (oy * sh - ph + ky) * w - pw + kx;
                                for (int ox = oxFrom; ox < oxTo; ox++) {
                                    sum += (double) g[gBase + oy * ow + ox] * x[xRow + ox * sw];
                                }
                            }
                        }
                        dWeight[((oc * inPerGroup + ic) * kh + ky) * kw + kx] += (float) sum;
                    }
                }
            }
        }
        if (dBias != null) {
            int plane = oh * ow;
            for (int oc = 0; oc < outC; oc++) {
                double sum = 0;
                for (int image = 0; image < n; image++) {
                    for (int i = 0, base = (image * outC + oc) * plane; i < plane; i++) {
                        sum += g[base + i];
                    }
                }
                dBias[oc] += (float) sum;
            }
        }
    }

    @Override
    public Tensor linearInput(Tensor dy, Tensor weight) {
        int n = dy.shape().dim(0), outputs = weight.shape().dim(0), features = weight.shape().dim(1);
        float[] g = dy.data(), wt = weight.data(), dx = new float[n * features];
        for (int image = 0; image < n; image++) {
            for (int f = 0; f < features; f++) {
                double sum = 0;
                for (int o = 0; o < outputs; o++) {
                    sum += (double) g[image * outputs + o] * wt[o * features + f];
                }
                dx[image * features + f] = (float) sum;
            }
        }
        return Tensor.of(Shape.of(n, features), dx);
    }

    @Override
    public void linearWeight(Tensor dy, Tensor input, float[] dWeight, float[] dBias) {
        int n = dy.shape().dim(0), outputs = dy.shape().dim(1), features = input.shape().dim(1);
        float[] g = dy.data(), x = input.data();
        for (int o = 0; o < outputs; o++) {
            for (int f = 0; f < features; f++) {
                double sum = 0;
                for (int image = 0; image < n; image++) {
                    sum += (double) g[image * outputs + o] * x[image * features + f];
                }
                dWeight[o * features + f] += (float) sum;
            }
            if (dBias != null) {
                double sum = 0;
                for (int image = 0; image < n; image++) {
                    sum += g[image * outputs + o];
                }
                dBias[o] += (float) sum;
            }
        }
    }
}
