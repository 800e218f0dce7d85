package io.cnnstream.engine.train;

import io.cnnstream.engine.kernel.Conv2dSpec;
import io.cnnstream.engine.kernel.KernelArgs;
import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

/**
 * Every gradient as one matrix product on the engine's own kernels, the shard's images side by side
 * so that the product is large: for a convolution with im2col rows
 * {@code col [inC/groups * kH * kW, N * positions]}, {@code dW = dy col^T} ({@link Kernels#rowDots}:
 * few outputs, long rows) and {@code dcol = W^T dy} ({@link Kernels#linear}), scattered back (col2im);
 * for a fully connected layer {@code dW = dy^T x} and {@code dx = dy W}. Axpy loops over the same
 * data, one image at a time, were slower on LeNet-5: the short rows left the vector units idle.
 */
public final class FastGradKernels implements GradKernels {
    private final Kernels kernels;

    public FastGradKernels(Kernels kernels) {
        this.kernels = kernels;
    }

    @Override
    public String name() {
        return "fast";
    }

    @Override
    public Tensor conv2dInput(Tensor dy, Tensor weight, Conv2dSpec s, Shape inputShape) {
        Geometry geo = new Geometry(s, inputShape, dy.shape());
        float[] dx = new float[inputShape.intSize()];
        for (int group = 0; group < s.groups(); group++) {
            // dcol [window, N * positions] = W_g^T [window, outC/g] dy [outC/g, N * positions]
            Tensor dyT = Tensor.of(Shape.of(geo.n * geo.positions, geo.outPerGroup), geo.outputsByPosition(dy.data(), group));
            Tensor wT = transpose(weight.data(), group * geo.outPerGroup * geo.window, geo.outPerGroup, geo.window);
            geo.col2im(kernels.linear(wT, dyT, null).data(), dx, group);
        }
        return Tensor.of(inputShape, dx);
    }

    @Override
    public void conv2dWeight(Tensor dy, Tensor input, Conv2dSpec s, float[] dWeight, float[] dBias) {
        Geometry geo = new Geometry(s, input.shape(), dy.shape());
        int columns = geo.n * geo.positions;
        for (int group = 0; group < s.groups(); group++) {
            float[] rows = geo.outputsByChannel(dy.data(), group);
            // dW_g [outC/g, window] = dy [outC/g, N * positions] col^T: dot products of long rows
            Tensor col = Tensor.of(Shape.of(geo.window, columns), geo.im2col(input.data(), group));
            float[] dw = kernels.rowDots(Tensor.of(Shape.of(geo.outPerGroup, columns), rows), col).data();
            add(dw, dWeight, group * geo.outPerGroup * geo.window);
            if (dBias != null) {
                for (int o = 0; o < geo.outPerGroup; o++) {
                    dBias[group * geo.outPerGroup + o] += sum(rows, o * columns, columns);
                }
            }
        }
    }

    @Override
    public Tensor linearInput(Tensor dy, Tensor weight) {
        int outputs = weight.shape().dim(0), features = weight.shape().dim(1);
        return kernels.linear(dy, transpose(weight.data(), 0, outputs, features), null);
    }

    @Override
    public void linearWeight(Tensor dy, Tensor input, float[] dWeight, float[] dBias) {
        int n = dy.shape().dim(0), outputs = dy.shape().dim(1), features = input.shape().dim(1);
        Tensor dyT = transpose(dy.data(), 0, n, outputs);
        add(kernels.linear(dyT, transpose(input.data(), 0, n, features), null).data(), dWeight, 0);
        if (dBias != null) {
            for (int o = 0; o < outputs; o++) {
                dBias[o] += sum(dyT.data(), o * n, n);
            }
        }
    }

    /** The {@code [cols, rows]} transpose of the {@code [rows, cols]} matrix at {@code from}. */
    private static Tensor transpose(float[] m, int from, int rows, int cols) {
        float[] t = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = m[from + r * cols + c];
            }
        }
        return Tensor.of(Shape.of(cols, rows), t);
    }

    private static void add(float[] from, float[] into, int at) {
        for (int i = 0; i < from.length; i++) {
            into[at + i] += from[i];
        }
    }

    private static float sum(float[] a, int from, int length) {
        double s = 0;
        for (int i = from; i < from + length; i++) {
            s += a[i];
        }
        return (float) s;
    }

    /** One convolution's sizes, and the moves between a shard's channels and im2col matrices. */
    private static final class Geometry {
        final Conv2dSpec s;
        final int n, h, w, oh, ow, positions, window, inPerGroup, outPerGroup;

        Geometry(Conv2dSpec s, Shape in, Shape out) {
            this.s = s;
            this.n = in.dim(0);
            this.h = in.dim(2);
            this.w = in.dim(3);
            this.oh = out.dim(2);
            this.ow = out.dim(3);
            this.positions = oh * ow;
            this.inPerGroup = s.inChannels() / s.groups();
            this.outPerGroup = s.outChannels() / s.groups();
            this.window = inPerGroup * s.kernelH() * s.kernelW();
        }

        /** {@code [outC/g, N * positions]}: each output channel of the group, its images side by side. */
        float[] outputsByChannel(float[] dy, int group) {
            float[] rows = new float[outPerGroup * n * positions];
            for (int o = 0; o < outPerGroup; o++) {
                for (int image = 0; image < n; image++) {
                    System.arraycopy(dy, (image * s.outChannels() + group * outPerGroup + o) * positions,
                            rows, (o * n + image) * positions, positions);
                }
            }
            return rows;
        }

        /** {@code [N * positions, outC/g]}: the transpose of {@link #outputsByChannel}. */
        float[] outputsByPosition(float[] dy, int group) {
            float[] t = new float[n * positions * outPerGroup];
            for (int image = 0; image < n; image++) {
                for (int o = 0; o < outPerGroup; o++) {
                    int from = (image * s.outChannels() + group * outPerGroup + o) * positions;
                    for (int p = 0; p < positions; p++) {
                        t[(image * positions + p) * outPerGroup + o] = dy[from + p];
                    }
                }
            }
            return t;
        }

        /** {@code col[(ic, ky, kx)][image * positions + p]}: the input value under each window, 0 in the padding. */
        float[] im2col(float[] x, int group) {
            float[] col = new float[window * n * positions];
            eachRow(group, (from, at, oxFrom, oxTo) -> {
                if (s.strideW() == 1) {
                    System.arraycopy(x, from + oxFrom, col, at + oxFrom, oxTo - oxFrom);
                } else {
                    for (int ox = oxFrom; ox < oxTo; ox++) {
                        col[at + ox] = x[from + ox * s.strideW()];
                    }
                }
            });
            return col;
        }

        /** Adds each {@code dcol[(ic, ky, kx)][image * positions + p]} into the input value it was read from. */
        void col2im(float[] dcol, float[] dx, int group) {
            eachRow(group, (to, at, oxFrom, oxTo) -> {
                for (int ox = oxFrom; ox < oxTo; ox++) {
                    dx[to + ox * s.strideW()] += dcol[at + ox];
                }
            });
        }

        /** One output row of one window offset: input position of output 0, im2col position, valid outputs. */
        private interface Row {
            void move(int input, int col, int oxFrom, int oxTo);
        }

        /** Every (ic, ky, kx, image, output row) whose input row is inside the image, in im2col order. */
        private void eachRow(int group, Row row) {
            int kh = s.kernelH(), kw = s.kernelW(), columns = n * positions;
            for (int ic = 0; ic < inPerGroup; ic++) {
                for (int ky = 0; ky < kh; ky++) {
                    for (int kx = 0; kx < kw; kx++) {
                        int rowStart = ((ic * kh + ky) * kw + kx) * columns;
                        int oyFrom = KernelArgs.firstInside(s.padH() - ky, s.strideH());
                        int oyTo = KernelArgs.endInside(h, s.padH() - ky, s.strideH(), oh);
                        int oxFrom = KernelArgs.firstInside(s.padW() - kx, s.strideW());
                        int oxTo = KernelArgs.endInside(w, s.padW() - kx, s.strideW(), ow);
                        for (int image = 0; image < n; image++) {
                            int base = (image * s.inChannels() + group * inPerGroup + ic) * h * w;
                            for (int oy = oyFrom; oy < oyTo; oy++) {
                                row.move(base + (oy * s.strideH() - s.padH() + ky) * w - s.padW() + kx,
                                        rowStart + image * positions + oy * ow, oxFrom, oxTo);
                            }
                        }
                    }
                }
            }
        }
    }
}
