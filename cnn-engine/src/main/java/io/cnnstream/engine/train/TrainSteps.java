package io.cnnstream.engine.train;

import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.layer.AdaptiveAvgPool2d;
import io.cnnstream.engine.layer.AvgPool2d;
import io.cnnstream.engine.layer.BatchNorm2d;
import io.cnnstream.engine.layer.Conv2d;
import io.cnnstream.engine.layer.Dropout;
import io.cnnstream.engine.layer.ELU;
import io.cnnstream.engine.layer.Flatten;
import io.cnnstream.engine.layer.Layer;
import io.cnnstream.engine.layer.LeakyReLU;
import io.cnnstream.engine.layer.Linear;
import io.cnnstream.engine.layer.LocalResponseNorm;
import io.cnnstream.engine.layer.MaxPool2d;
import io.cnnstream.engine.layer.ReLU;
import io.cnnstream.engine.layer.Sigmoid;
import io.cnnstream.engine.layer.Tanh;
import io.cnnstream.engine.kernel.Activation;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

import java.util.SplittableRandom;

/**
 * Each trainable layer's training-mode forward pass and the backward pass it records, like
 * PyTorch's {@code derivatives.yaml}: the forward runs on the engine's kernels, the two heavy
 * backward passes on {@link GradKernels}, the rest in {@link LayerGradients}.
 */
final class TrainSteps {
    /** The layer types {@link #of} accepts, for the error that names the others. */
    static final String TRAINABLE = "Conv2d, Linear, MaxPool2d, AvgPool2d, AdaptiveAvgPool2d, ReLU, Tanh, Sigmoid, "
            + "LeakyReLU, ELU, Flatten, Dropout, BatchNorm2d, LocalResponseNorm";

    private TrainSteps() {
    }

    /** The step for {@code layer}, or null when it has no backward pass. {@code position} seeds dropout. */
    static TrainStep of(Layer layer, int position, Kernels kernels, GradKernels grads) {
        if (layer instanceof Conv2d conv) {
            return conv(conv, kernels, grads);
        }
        if (layer instanceof Linear linear) {
            return linear(linear, kernels, grads);
        }
        if (layer instanceof MaxPool2d pool) {
            return (x, tape) -> {
                Tensor y = kernels.maxPool2d(x, pool.spec());
                tape.record((dy, wantInput) -> wantInput ? LayerGradients.maxPool2d(dy, x, pool.spec()) : null);
                return y;
            };
        }
        if (layer instanceof AvgPool2d pool) {
            return (x, tape) -> {
                Tensor y = kernels.avgPool2d(x, pool.spec());
                tape.record((dy, wantInput) -> wantInput ? LayerGradients.avgPool2d(dy, x.shape(), pool.spec()) : null);
                return y;
            };
        }
        if (layer instanceof AdaptiveAvgPool2d pool) {
            return (x, tape) -> {
                Tensor y = kernels.adaptiveAvgPool2d(x, pool.outH(), pool.outW());
                tape.record((dy, wantInput) -> wantInput ? LayerGradients.adaptiveAvgPool2d(dy, x.shape()) : null);
                return y;
            };
        }
        if (layer instanceof LocalResponseNorm lrn) {
            return (x, tape) -> {
                Tensor y = kernels.localResponseNorm(x, lrn.spec());
                tape.record((dy, wantInput) -> wantInput ? LayerGradients.localResponseNorm(dy, x, lrn.spec()) : null);
                return y;
            };
        }
        if (layer instanceof Flatten) {
            return (x, tape) -> {
                Shape in = x.shape();
                tape.record((dy, wantInput) -> dy.reshape(in));
                return layer.forward(x, kernels);
            };
        }
        if (layer instanceof Dropout dropout) {
            return dropout(dropout.p(), position);
        }
        if (layer instanceof BatchNorm2d norm) {
            return (x, tape) -> BatchNormTraining.forward(norm, x, tape);
        }
        Activation activation = activation(layer);
        if (activation != null) {
            return (x, tape) -> {
                Tensor y = kernels.activation(x, activation);
                tape.record((dy, wantInput) -> LayerGradients.activation(dy, x, y, activation));
                return y;
            };
        }
        return null;
    }

    private static Activation activation(Layer layer) {
        if (layer instanceof ReLU r) {
            return r.activation();
        }
        if (layer instanceof Tanh t) {
            return t.activation();
        }
        if (layer instanceof Sigmoid s) {
            return s.activation();
        }
        if (layer instanceof LeakyReLU l) {
            return l.activation();
        }
        if (layer instanceof ELU e) {
            return e.activation();
        }
        return null;
    }

    private static TrainStep conv(Conv2d conv, Kernels kernels, GradKernels grads) {
        return (x, tape) -> {
            Tensor w = conv.weight().value();
            Tensor y = kernels.conv2d(x, w, conv.bias() == null ? null : conv.bias().value(), conv.spec());
            tape.record((dy, wantInput) -> {
                grads.conv2dWeight(dy, x, conv.spec(), tape.gradient(conv.weight()),
                        conv.bias() == null ? null : tape.gradient(conv.bias()));
                return wantInput ? grads.conv2dInput(dy, w, conv.spec(), x.shape()) : null;
            });
            return y;
        };
    }

    private static TrainStep linear(Linear linear, Kernels kernels, GradKernels grads) {
        return (x, tape) -> {
            Tensor w = linear.weight().value();
            Tensor y = kernels.linear(x, w, linear.bias().value());
            tape.record((dy, wantInput) -> {
                grads.linearWeight(dy, x, tape.gradient(linear.weight()), tape.gradient(linear.bias()));
                return wantInput ? grads.linearInput(dy, w) : null;
            });
            return y;
        };
    }

    /**
     * Zeroes each value with probability p and scales the rest by {@code 1/(1-p)}, as PyTorch's
     * training mode; the masks come from the tape's seed, the layer's position and each sample's
     * index in the batch, so they do not depend on the sharding (they are not PyTorch's random numbers).
     */
    private static TrainStep dropout(double p, int position) {
        float keep = (float) (1 / (1 - p));
        return (x, tape) -> {
            int n = x.batch(), per = x.shape().intSize() / n;
            float[] in = x.data(), mask = new float[in.length], out = new float[in.length];
            for (int image = 0; image < n; image++) {
                SplittableRandom random = new SplittableRandom(tape.seed() * 0x9E3779B97F4A7C15L
                        + position * 0xBF58476D1CE4E5B9L + tape.firstSample() + image);
                for (int i = image * per; i < (image + 1) * per; i++) {
                    mask[i] = random.nextDouble() < p ? 0f : keep;
                    out[i] = in[i] * mask[i];
                }
            }
            tape.record((dy, wantInput) -> {
                float[] g = dy.data(), dx = new float[g.length];
                for (int i = 0; i < g.length; i++) {
                    dx[i] = g[i] * mask[i];
                }
                return Tensor.of(dy.shape(), dx);
            });
            return Tensor.of(x.shape(), out);
        };
    }
}
