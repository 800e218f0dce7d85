package io.cnnstream.engine.image;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;

/**
 * Decoded pixels to 8-bit RGB exactly as PIL's {@code Image.convert("RGB")} would make them from the
 * same file: alpha dropped (not composited), palettes expanded, grey replicated, 16-bit grey clipped
 * at 255 (PIL goes through its 32-bit "I" mode), 16-bit colour reduced to its high byte, CMYK with
 * PIL's naive {@code (255 - C) * (255 - K) / 255}. Reads raster samples directly, never
 * {@code BufferedImage.getRGB}, which would apply colour management to grey images.
 */
final class PilRgb {
    private PilRgb() {
    }

    static RgbImage of(BufferedImage image) throws ImageRejectedException {
        ColorModel cm = image.getColorModel();
        Raster raster = image.getRaster();
        if (cm instanceof IndexColorModel palette) {
            return fromPalette(raster, palette);
        }
        int type = cm.getColorSpace().getType();
        if (type == ColorSpace.TYPE_GRAY) {
            return fromGrey(raster, cm.getComponentSize(0));
        }
        if (type == ColorSpace.TYPE_CMYK && raster.getNumBands() == 4) {
            return fromCmyk(raster);
        }
        if (type == ColorSpace.TYPE_RGB && cm.getNumColorComponents() == 3) {
            return fromRgb(raster, cm.getComponentSize());
        }
        throw new ImageRejectedException(ImageRejectedException.Reason.UNSUPPORTED,
                "colour space type " + type + " with " + raster.getNumBands() + " bands is not supported");
    }

    /**
     * CMYK samples as the JDK's JPEG reader returns them (Adobe inversion already undone, YCCK
     * already converted by libjpeg): the values PIL shows in mode "CMYK".
     */
    static RgbImage fromCmyk(Raster raster) {
        int w = raster.getWidth(), h = raster.getHeight();
        byte[] out = new byte[3 * w * h];
        int[] row = new int[4 * w];
        for (int y = 0; y < h; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
            for (int x = 0; x < w; x++) {
                int nk = 255 - row[4 * x + 3];
                for (int c = 0; c < 3; c++) {
                    int cyan = row[4 * x + c];
                    out[(y * w + x) * 3 + c] = (byte) clip8(nk - mulDiv255(cyan, nk));
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    private static RgbImage fromPalette(Raster raster, IndexColorModel palette) {
        int w = raster.getWidth(), h = raster.getHeight();
        byte[] out = new byte[3 * w * h];
        int[] indices = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 0, indices);
            for (int x = 0; x < w; x++) {
                int i = indices[x], at = (y * w + x) * 3;
                out[at] = (byte) palette.getRed(i);
                out[at + 1] = (byte) palette.getGreen(i);
                out[at + 2] = (byte) palette.getBlue(i);
            }
        }
        return new RgbImage(w, h, out);
    }

    private static RgbImage fromGrey(Raster raster, int bits) {
        int w = raster.getWidth(), h = raster.getHeight();
        byte[] out = new byte[3 * w * h];
        int[] samples = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(raster.getMinX(), raster.getMinY() + y, w, 1, 0, samples);
            for (int x = 0; x < w; x++) {
                int v = greyLevel(samples[x], bits), at = (y * w + x) * 3;
                out[at] = out[at + 1] = out[at + 2] = (byte) v;
            }
        }
        return new RgbImage(w, h, out);
    }

    private static int greyLevel(int sample, int bits) {
        if (bits == 8) {
            return sample;
        }
        if (bits > 8) {
            return Math.min(sample, 255); // PIL: I;16 -> I -> L clips
        }
        return sample * 255 / ((1 << bits) - 1); // 1, 2 and 4-bit grey expand to the full range
    }

    private static RgbImage fromRgb(Raster raster, int[] bits) {
        int w = raster.getWidth(), h = raster.getHeight(), bands = raster.getNumBands();
        byte[] out = new byte[3 * w * h];
        int[] row = new int[bands * w];
        for (int y = 0; y < h; y++) {
            raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    out[(y * w + x) * 3 + c] = (byte) colourLevel(row[x * bands + c], bits[c]);
                }
            }
        }
        return new RgbImage(w, h, out);
    }

    private static int colourLevel(int sample, int bits) {
        if (bits == 8) {
            return sample;
        }
        if (bits > 8) {
            return sample >>> (bits - 8); // PIL keeps the most significant byte of 16-bit colour
        }
        return (sample * 255 + ((1 << bits) - 1) / 2) / ((1 << bits) - 1); // 5- and 6-bit BMP colour
    }

    /** PIL's MULDIV255: {@code a * b / 255} rounded, in integers. */
    private static int mulDiv255(int a, int b) {
        int t = a * b + 128;
        return ((t >> 8) + t) >> 8;
    }

    private static int clip8(int v) {
        return v < 0 ? 0 : Math.min(v, 255);
    }
}
