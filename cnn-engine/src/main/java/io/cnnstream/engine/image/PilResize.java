package io.cnnstream.engine.image;

/**
 * PIL's {@code Image.resize(size, BILINEAR)} on 8-bit RGB (Pillow's Resample.c), reproduced
 * operation for operation so that results are bit-identical: an antialiased triangle filter whose
 * support grows with the reduction factor, coefficients normalised and rounded to 22-bit fixed
 * point, a horizontal pass into an 8-bit intermediate image (only over the rows the vertical pass
 * reads), then a vertical pass, each rounding and clipping to 0..255.
 */
final class PilResize {
    private static final int PRECISION_BITS = 32 - 8 - 2;

    private PilResize() {
    }

    static RgbImage bilinear(RgbImage in, int outWidth, int outHeight) {
        return bilinear(in, outWidth, outHeight, 0, 0, outWidth, outHeight);
    }

    /**
     * The window {@code [left, left + width) x [top, top + height)} of the image resized to
     * {@code outWidth x outHeight}, computed alone: each output pixel depends only on its own filter
     * window, so this is bit-identical to cropping the whole resized image, at the cost of the window.
     * A centre crop of an image within the pixel limit but of extreme shape (10 x 4,000,000 resized
     * to 256 x 102,400,000) would otherwise need gigabytes.
     */
    static RgbImage bilinear(RgbImage in, int outWidth, int outHeight, int left, int top, int width, int height) {
        boolean horizontal = outWidth != in.width(), vertical = outHeight != in.height();
        Coefficients cy = vertical ? Coefficients.of(in.height(), outHeight, top, height) : null;
        int firstRow = vertical ? cy.min[0] : top;
        int rows = vertical ? cy.min[height - 1] + cy.count[height - 1] - firstRow : height;
        RgbImage image = horizontal
                ? horizontalPass(in, firstRow, rows, Coefficients.of(in.width(), outWidth, left, width))
                : crop(in, left, firstRow, width, rows);
        return vertical ? verticalPass(image, firstRow, height, cy) : image;
    }

    private static RgbImage crop(RgbImage in, int left, int top, int width, int height) {
        if (left == 0 && top == 0 && width == in.width() && height == in.height()) {
            return in;
        }
        byte[] out = new byte[3 * width * height];
        for (int y = 0; y < height; y++) {
            System.arraycopy(in.rgb(), ((top + y) * in.width() + left) * 3, out, y * width * 3, width * 3);
        }
        return new RgbImage(width, height, out);
    }

    private static RgbImage horizontalPass(RgbImage in, int firstRow, int rows, Coefficients c) {
        int outWidth = c.min.length, inWidth = in.width();
        byte[] src = in.rgb(), out = new byte[3 * outWidth * rows];
        for (int y = 0; y < rows; y++) {
            int srcRow = (firstRow + y) * inWidth * 3, outRow = y * outWidth * 3;
            for (int x = 0; x < outWidth; x++) {
                int r = 1 << (PRECISION_BITS - 1), g = r, b = r;
                int k = x * c.size;
                for (int i = 0; i < c.count[x]; i++) {
                    int at = srcRow + (c.min[x] + i) * 3, w = c.weights[k + i];
                    r += (src[at] & 0xFF) * w;
                    g += (src[at + 1] & 0xFF) * w;
                    b += (src[at + 2] & 0xFF) * w;
                }
                out[outRow + x * 3] = clip8(r);
                out[outRow + x * 3 + 1] = clip8(g);
                out[outRow + x * 3 + 2] = clip8(b);
            }
        }
        return new RgbImage(outWidth, rows, out);
    }

    private static RgbImage verticalPass(RgbImage in, int rowOffset, int outHeight, Coefficients c) {
        int width = in.width();
        byte[] src = in.rgb(), out = new byte[3 * width * outHeight];
        for (int y = 0; y < outHeight; y++) {
            int k = y * c.size, first = c.min[y] - rowOffset;
            for (int x = 0; x < width; x++) {
                int r = 1 << (PRECISION_BITS - 1), g = r, b = r;
                for (int i = 0; i < c.count[y]; i++) {
                    int at = ((first + i) * width + x) * 3, w = c.weights[k + i];
                    r += (src[at] & 0xFF) * w;
                    g += (src[at + 1] & 0xFF) * w;
                    b += (src[at + 2] & 0xFF) * w;
                }
                int o = (y * width + x) * 3;
                out[o] = clip8(r);
                out[o + 1] = clip8(g);
                out[o + 2] = clip8(b);
            }
        }
        return new RgbImage(width, outHeight, out);
    }

    private static byte clip8(int v) {
        if (v >= 1 << PRECISION_BITS << 8) {
            return (byte) 255;
        }
        return v <= 0 ? 0 : (byte) (v >> PRECISION_BITS);
    }

    /** Pillow's precompute_coeffs + normalize_coeffs_8bpc for the bilinear (triangle) filter. */
    private static final class Coefficients {
        final int size;
        final int[] min;
        final int[] count;
        final int[] weights;

        private Coefficients(int size, int[] min, int[] count, int[] weights) {
            this.size = size;
            this.min = min;
            this.count = count;
            this.weights = weights;
        }

        /** The coefficients of outputs {@code from .. from + n - 1} of {@code outSize}, at indices 0 .. n - 1. */
        static Coefficients of(int inSize, int outSize, int from, int n) {
            double scale = (double) inSize / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = 1.0 * filterScale; // the triangle filter's support is 1
            int size = (int) Math.ceil(support) * 2 + 1;
            int[] min = new int[n], count = new int[n], weights = new int[n * size];
            double[] k = new double[size];
            for (int j = 0; j < n; j++) {
                int xx = from + j;
                double center = (xx + 0.5) * scale;
                double ss = 1.0 / filterScale;
                int xmin = Math.max((int) (center - support + 0.5), 0);
                int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
                double ww = 0.0;
                for (int x = 0; x < xmax; x++) {
                    double w = triangle((x + xmin - center + 0.5) * ss);
                    k[x] = w;
                    ww += w;
                }
                for (int x = 0; x < xmax; x++) {
                    double normalised = ww != 0.0 ? k[x] / ww : k[x];
                    weights[j * size + x] = (int) (normalised < 0
                            ? -0.5 + normalised * (1 << PRECISION_BITS)
                            : 0.5 + normalised * (1 << PRECISION_BITS));
                }
                min[j] = xmin;
                count[j] = xmax;
            }
            return new Coefficients(size, min, count, weights);
        }

        private static double triangle(double x) {
            x = Math.abs(x);
            return x < 1.0 ? 1.0 - x : 0.0;
        }
    }
}
