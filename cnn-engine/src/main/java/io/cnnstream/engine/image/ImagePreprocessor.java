package io.cnnstream.engine.image;

import io.cnnstream.engine.model.InputTransform;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

/**
 * Encoded image bytes to a model's input, exactly as torchvision's evaluation transform makes it
 * from {@code PIL.Image.open(f).convert("RGB")}: Resize(shorter side) with PIL's antialiased bilinear
 * filter on uint8, CenterCrop (Python's round-half-even offsets), ToTensor (float32 {@code v / 255})
 * and Normalize ({@code (x - mean) / std} in float32), channels first. EXIF orientation is ignored,
 * as torchvision ignores it, unless asked for. Thread-safe.
 */
public final class ImagePreprocessor {
    private final InputTransform transform;
    private final ImageDecoder decoder;
    private final boolean applyExifOrientation;

    public ImagePreprocessor(InputTransform transform, ImageDecoder decoder, boolean applyExifOrientation) {
        this.transform = transform;
        this.decoder = decoder;
        this.applyExifOrientation = applyExifOrientation;
    }

    /** Per-sample output shape {@code [channels, side, side]}. */
    public Shape sampleShape() {
        return Shape.of(transform.channels(), transform.side(), transform.side());
    }

    /** One image as a {@code [1, 3, crop, crop]} tensor. */
    public Tensor tensor(byte[] encoded) throws ImageRejectedException {
        float[] out = new float[sampleShape().intSize()];
        preprocess(encoded, out, 0);
        return Tensor.of(sampleShape().withBatch(1), out);
    }

    /** Decodes, resizes, crops and normalises {@code encoded} into {@code out[offset ..]} (CHW). */
    public void preprocess(byte[] encoded, float[] out, int offset) throws ImageRejectedException {
        normalise(resizeAndCrop(decode(encoded)), out, offset);
    }

    /** The decoded image, turned upright first if EXIF orientation is applied. */
    public RgbImage decode(byte[] encoded) throws ImageRejectedException {
        RgbImage image = decoder.decode(encoded);
        if (applyExifOrientation && ImageFormat.sniff(encoded) == ImageFormat.JPEG) {
            image = image.oriented(JpegMarkers.exifOrientation(encoded));
        }
        return image;
    }

    /**
     * torchvision's {@code Resize(resize)} then {@code CenterCrop(crop)} on uint8 RGB, the resize
     * computed over the crop's window only (bit-identical to resizing the whole and cropping).
     */
    public RgbImage resizeAndCrop(RgbImage image) {
        int w = image.width(), h = image.height(), size = transform.resize(), crop = transform.crop();
        int shorter = Math.min(w, h), longer = Math.max(w, h);
        long newLonger = (long) ((double) size * longer / shorter); // Python's int(size * long / short)
        if (newLonger > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(w + "x" + h + " resized to " + size + " on its shorter side is too long");
        }
        int outWidth = w <= h ? size : (int) newLonger, outHeight = w <= h ? (int) newLonger : size;
        // CenterCrop's offsets: Python's round(), half to even, as Math.rint
        int top = (int) Math.rint((outHeight - crop) / 2.0), left = (int) Math.rint((outWidth - crop) / 2.0);
        return PilResize.bilinear(image, outWidth, outHeight, left, top, crop, crop);
    }

    private void normalise(RgbImage image, float[] out, int offset) {
        if (transform.channels() == 1) {
            normaliseGrey(image, out, offset);
            return;
        }
        float[] mean = transform.mean(), std = transform.std();
        int plane = image.width() * image.height();
        byte[] rgb = image.rgb();
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < plane; i++) {
                float v = (rgb[i * 3 + c] & 0xFF) / 255f;
                out[offset + c * plane + i] = (v - mean[c]) / std[c];
            }
        }
    }

    /** PIL's {@code convert("L")}, inverted when the border is light, padded with black, normalised. */
    private void normaliseGrey(RgbImage image, float[] out, int offset) {
        int w = image.width(), h = image.height(), side = transform.side(), pad = transform.pad();
        byte[] rgb = image.rgb();
        int[] grey = new int[w * h];
        long border = 0;
        int borderCount = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                grey[i] = ((rgb[i * 3] & 0xFF) * 19595 + (rgb[i * 3 + 1] & 0xFF) * 38470 + (rgb[i * 3 + 2] & 0xFF) * 7471
                        + 0x8000) >> 16;
                if (y == 0 || x == 0 || y == h - 1 || x == w - 1) {
                    border += grey[i];
                    borderCount++;
                }
            }
        }
        boolean invert = border > 127L * borderCount;
        float mean = transform.mean()[0], std = transform.std()[0];
        java.util.Arrays.fill(out, offset, offset + side * side, (0f - mean) / std);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = invert ? 255 - grey[y * w + x] : grey[y * w + x];
                out[offset + (y + pad) * side + x + pad] = (v / 255f - mean) / std;
            }
        }
    }
}
