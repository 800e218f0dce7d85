package io.cnnstream.engine.weights;

import io.cnnstream.engine.tensor.Float16;

import java.nio.ByteBuffer;

/** Reading 32- and 16-bit floats from a buffer into float32 arrays. */
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

    static float f16ToFloat(short bits) {
        return Float16.toFloat(bits);
    }

    static float bf16ToFloat(short bits) {
        return Float16.bfloat16ToFloat(bits);
    }
}
