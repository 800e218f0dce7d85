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

    /** Per-sample output shape {@code [3, crop, crop]}. */
    public Shape sampleShape() {
        return Shape.of(3, transform.crop(), transform.crop());
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

    /** torchvision's {@code Resize(resize)} then {@code CenterCrop(crop)} on uint8 RGB. */
    public RgbImage resizeAndCrop(RgbImage image) {
        int w = image.width(), h = image.height(), size = transform.resize();
        int shorter = Math.min(w, h), longer = Math.max(w, h);
        int newLonger = (int) ((double) size * longer / shorter); // Python's int(size * long / short)
        RgbImage resized = w <= h ? PilResize.bilinear(image, size, newLonger) : PilResize.bilinear(image, newLonger, size);
        return centreCrop(resized, transform.crop());
    }

    private static RgbImage centreCrop(RgbImage image, int crop) {
        int top = (int) Math.rint((image.height() - crop) / 2.0), left = (int) Math.rint((image.width() - crop) / 2.0);
        byte[] out = new byte[3 * crop * crop];
        for (int y = 0; y < crop; y++) {
            System.arraycopy(image.rgb(), ((top + y) * image.width() + left) * 3, out, y * crop * 3, crop * 3);
        }
        return new RgbImage(crop, crop, out);
    }

    private void normalise(RgbImage image, float[] out, int offset) {
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
}
