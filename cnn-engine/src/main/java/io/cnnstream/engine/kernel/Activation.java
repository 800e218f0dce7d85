package io.cnnstream.engine.kernel;

/**
 * Element-wise activations with PyTorch's definitions:
 * ReLU {@code max(0, x)}; Tanh; Sigmoid {@code 1 / (1 + e^-x)};
 * LeakyReLU {@code x >= 0 ? x : slope * x}; ELU {@code x > 0 ? x : alpha * (e^x - 1)}.
 */
public record Activation(Kind kind, float parameter) {

    /** Which function. */
    public enum Kind { RELU, TANH, SIGMOID, LEAKY_RELU, ELU }

    public Activation {
        if (!Float.isFinite(parameter)) {
            throw new IllegalArgumentException(kind + " parameter must be finite, got " + parameter);
        }
    }

    public static Activation relu() {
        return new Activation(Kind.RELU, 0);
    }

    public static Activation tanh() {
        return new Activation(Kind.TANH, 0);
    }

    public static Activation sigmoid() {
        return new Activation(Kind.SIGMOID, 0);
    }

    /** PyTorch's default slope is 0.01. */
    public static Activation leakyRelu(float negativeSlope) {
        return new Activation(Kind.LEAKY_RELU, negativeSlope);
    }

    /** PyTorch's default alpha is 1.0. */
    public static Activation elu(float alpha) {
        return new Activation(Kind.ELU, alpha);
    }

    /** The function at one point, the scalar definition every kernel must agree with. */
    public float apply(float x) {
        return switch (kind) {
            case RELU -> x > 0f || Float.isNaN(x) ? x : 0f;
            case TANH -> (float) Math.tanh(x);
            case SIGMOID -> (float) (1.0 / (1.0 + Math.exp(-x)));
            case LEAKY_RELU -> x >= 0f ? x : parameter * x;
            case ELU -> x > 0f ? x : (float) (parameter * Math.expm1(x));
        };
    }
}
