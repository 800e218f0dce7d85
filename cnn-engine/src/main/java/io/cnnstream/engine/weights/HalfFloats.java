package io.cnnstream.engine.weights;

import java.nio.ByteBuffer;

/** Widening of 16-bit floats to float32 (Java 17 has no {@code Float.float16ToFloat}). */
final class HalfFloats {
    private HalfFloats() {
    }

    /**
     * Reads {@code count} values of {@code dtype} (F32, F16 or BF16) from {@code bytes}' position on,
     * in its byte order, into {@code out} from {@code offset}; advances {@code bytes}.
     */
    static void widen(ByteBuffer bytes, DType dtype, float[] out, int offset, int count) {
        switch (dtype) {
            case F32 -> {
                bytes.asFloatBuffer().get(out, offset, count);
                bytes.position(bytes.position() + 4 * count);
            }
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    out[offset + i] = f16ToFloat(bytes.getShort());
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    out[offset + i] = bf16ToFloat(bytes.getShort());
                }
            }
            default -> throw new IllegalArgumentException("not a float32/16 type: " + dtype);
        }
    }

    /** IEEE 754 binary16: 1 sign, 5 exponent, 10 mantissa bits. */
    static float f16ToFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h >>> 15) << 31;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) { // infinity or NaN
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) { // zero or subnormal: mantissa * 2^-24
            float magnitude = mantissa * 0x1p-24f;
            return sign == 0 ? magnitude : -magnitude;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /** bfloat16 is the upper half of a float32. */
    static float bf16ToFloat(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }
}
