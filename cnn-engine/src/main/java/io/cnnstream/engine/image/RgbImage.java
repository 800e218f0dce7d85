package io.cnnstream.engine.image;

/** An 8-bit RGB image, pixels interleaved row by row: {@code rgb[(y * width + x) * 3 + c]}. */
public record RgbImage(int width, int height, byte[] rgb) {

    public RgbImage {
        if (width < 1 || height < 1 || rgb.length != 3L * width * height) {
            throw new IllegalArgumentException("RGB image " + width + "x" + height + " needs " + 3L * width * height
                    + " bytes, got " + rgb.length);
        }
    }

    /**
     * This image turned upright for EXIF orientation 1-8 (what PIL's {@code ImageOps.exif_transpose} does);
     * other values leave it as it is.
     */
    public RgbImage oriented(int orientation) {
        if (orientation < 2 || orientation > 8) {
            return this;
        }
        boolean swap = orientation >= 5;
        int w = swap ? height : width, h = swap ? width : height;
        byte[] out = new byte[rgb.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sx, sy;
                switch (orientation) {
                    case 2 -> { sx = width - 1 - x; sy = y; }              // mirror horizontally
                    case 3 -> { sx = width - 1 - x; sy = height - 1 - y; } // rotate 180
                    case 4 -> { sx = x; sy = height - 1 - y; }             // mirror vertically
                    case 5 -> { sx = y; sy = x; }                          // transpose
                    case 6 -> { sx = y; sy = height - 1 - x; }             // rotate 90 clockwise
                    case 7 -> { sx = width - 1 - y; sy = height - 1 - x; } // transverse
                    default -> { sx = width - 1 - y; sy = x; }             // 8: rotate 90 counter-clockwise
                }
                System.arraycopy(rgb, (sy * width + sx) * 3, out, (y * w + x) * 3, 3);
            }
        }
        return new RgbImage(w, h, out);
    }
}
