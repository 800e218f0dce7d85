package io.cnnstream.engine.api;

import java.util.Arrays;

/** One thing to classify: encoded image bytes, or a float32 tensor of the model's per-sample input shape. */
public sealed interface Input permits Input.Image, Input.Floats {

    /** Encoded image bytes (JPEG, PNG, BMP, GIF, WebP, TIFF; the format is sniffed from the bytes). */
    static Input image(byte[] encoded) {
        return new Image(encoded);
    }

    /** Little-endian float32 values of a tensor of {@code shape} ({@code C, H, W}), as a producer sends them. */
    static Input tensor(int[] shape, byte[] littleEndianFloat32) {
        return new Floats(shape, littleEndianFloat32);
    }

    /** Encoded image bytes. */
    record Image(byte[] encoded) implements Input {
        public Image {
            if (encoded == null) {
                throw new IllegalArgumentException("an image input needs its bytes, got null");
            }
        }
    }

    /** A tensor's declared shape and its little-endian float32 bytes (checked against each other when classified). */
    record Floats(int[] shape, byte[] littleEndianFloat32) implements Input {
        public Floats {
            if (shape == null || littleEndianFloat32 == null) {
                throw new IllegalArgumentException("a tensor input needs a shape and bytes, got " + Arrays.toString(shape)
                        + " and " + (littleEndianFloat32 == null ? "null" : littleEndianFloat32.length + " bytes"));
            }
            shape = shape.clone();
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }
    }
}
