package io.cnnstream.engine.weights;

import java.util.Arrays;

/** The safetensors element types, with their sizes. Only the float ones can become weights. */
public enum DType {
    F64(8, true), F32(4, true), F16(2, true), BF16(2, true),
    I64(8, false), I32(4, false), I16(2, false), I8(1, false), U8(1, false), BOOL(1, false);

    private final int bytes;
    private final boolean floating;

    DType(int bytes, boolean floating) {
        this.bytes = bytes;
        this.floating = floating;
    }

    public int bytes() {
        return bytes;
    }

    /** Whether values of this type can be read as float32 weights (F16 and BF16 are widened). */
    public boolean isFloat() {
        return floating && this != F64;
    }

    static DType parse(String name, String tensor) {
        for (DType t : values()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new SafetensorsFormatException("tensor '" + tensor + "' has unknown dtype '" + name
                + "'; known: " + Arrays.toString(values()));
    }
}
