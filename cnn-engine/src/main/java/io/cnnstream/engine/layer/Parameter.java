package io.cnnstream.engine.layer;

import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

/**
 * A named weight tensor of known shape whose values are bound after construction (from a file or
 * a seeded initialiser). Reading an unbound parameter is a programming error and fails loudly.
 */
public final class Parameter {
    /**
     * How a tensor is used, which decides its seeded initialisation. The running statistics of batch
     * norm are buffers: in the state dict and the weights file, not counted as parameters.
     */
    public enum Kind {
        WEIGHT, BIAS, NORM_WEIGHT, NORM_BIAS, RUNNING_MEAN, RUNNING_VAR;

        public boolean isBuffer() {
            return this == RUNNING_MEAN || this == RUNNING_VAR;
        }
    }

    private final String name;
    private final Shape shape;
    private final Kind kind;
    private final int fanIn;
    private Tensor value;

    public Parameter(String name, Shape shape, Kind kind, int fanIn) {
        this.name = name;
        this.shape = shape;
        this.kind = kind;
        this.fanIn = fanIn;
    }

    public String name() {
        return name;
    }

    public Shape shape() {
        return shape;
    }

    public Kind kind() {
        return kind;
    }

    /** Inputs feeding one output unit: {@code inC/groups * kH * kW} for a convolution, {@code in} for linear. */
    public int fanIn() {
        return fanIn;
    }

    /** Whether this is a buffer (running statistics) rather than a learned parameter. */
    public boolean isBuffer() {
        return kind.isBuffer();
    }

    public boolean isBound() {
        return value != null;
    }

    public Tensor value() {
        if (value == null) {
            throw new IllegalStateException("parameter " + name + " " + shape + " has no value bound");
        }
        return value;
    }

    public void bind(Tensor tensor) {
        tensor.requireShape(shape, "parameter " + name);
        this.value = tensor;
    }
}
