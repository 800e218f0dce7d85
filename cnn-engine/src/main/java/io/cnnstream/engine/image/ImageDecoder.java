package io.cnnstream.engine.image;

import static io.cnnstream.engine.image.ImageRejectedException.Reason;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes untrusted encoded images to 8-bit RGB within {@link ImageLimits}: the format comes from
 * the magic bytes; the declared size is read from the header and checked before pixels are
 * allocated; a decode that outlives the time limit is aborted at the reader's next progress report
 * or its next read of the bytes, and refused; decoder warnings (a truncated JPEG decodes to grey with only a warning) count as
 * corruption. Every refusal is an {@link ImageRejectedException} with its reason. Thread-safe.
 */
public final class ImageDecoder {
    static {
        ImageIO.setUseCache(false); // decode in memory: no temp files, works on read-only file systems
    }

    private final ImageLimits limits;

    public ImageDecoder(ImageLimits limits) {
        this.limits = limits;
    }

    public ImageLimits limits() {
        return limits;
    }

    public RgbImage decode(byte[] data) throws ImageRejectedException {
        if (data.length == 0) {
            throw new ImageRejectedException(Reason.EMPTY, "no bytes");
        }
        if (data.length > limits.maxBytes()) {
            throw new ImageRejectedException(Reason.TOO_LARGE,
                    data.length + " bytes is more than the limit of " + limits.maxBytes());
        }
        ImageFormat format = ImageFormat.sniff(data);
        if (format == null) {
            throw new ImageRejectedException(Reason.UNKNOWN_FORMAT, "the first bytes (" + hex(data)
                    + ") match no JPEG, PNG, GIF, BMP, WebP or TIFF signature");
        }
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format.imageIoName());
        if (!readers.hasNext()) {
            throw new ImageRejectedException(Reason.UNSUPPORTED, format + " images need an ImageIO plugin that is not installed");
        }
        ImageReader reader = readers.next();
        byte[] pixels = format == ImageFormat.JPEG ? JpegMarkers.withoutIccProfiles(data) : data;
        DecodeDeadline deadline = new DecodeDeadline(limits.decodeTimeout());
        try (ImageInputStream in = new DeadlineImageInputStream(pixels, deadline)) {
            reader.setInput(in, true, false);
            List<String> warnings = Collections.synchronizedList(new ArrayList<>());
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            checkDeclaredSize(format, data, reader);
            RgbImage image = decodeWithin(reader, format, deadline);
            if (!warnings.isEmpty()) {
                throw new ImageRejectedException(Reason.MALFORMED, format + " data is truncated or corrupt: " + warnings.get(0));
            }
            return image;
        } catch (DeadlineImageInputStream.DeadlinePassedException e) {
            throw timeout(format, "was stopped at");
        } catch (IOException e) {
            throw new ImageRejectedException(Reason.MALFORMED, format + " data is truncated or corrupt: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // decoders fed hostile data fail in many ways (index out of bounds, negative sizes, ...)
            throw new ImageRejectedException(Reason.MALFORMED, format + " decoder failed: " + e, e);
        } finally {
            reader.dispose();
        }
    }

    private void checkDeclaredSize(ImageFormat format, byte[] data, ImageReader reader) throws IOException, ImageRejectedException {
        long width = reader.getWidth(0), height = reader.getHeight(0);
        if (format == ImageFormat.GIF && data.length >= 10) {
            // PIL sizes a GIF by its logical screen, which may be far larger than its first frame
            width = Math.max(width, (data[6] & 0xFF) | (data[7] & 0xFF) << 8);
            height = Math.max(height, (data[8] & 0xFF) | (data[9] & 0xFF) << 8);
        }
        if (width < 1 || height < 1) {
            throw new ImageRejectedException(Reason.MALFORMED, format + " header declares " + width + "x" + height + " pixels");
        }
        if (width * height > limits.maxPixels()) {
            throw new ImageRejectedException(Reason.TOO_MANY_PIXELS, format + " header declares " + width + "x" + height
                    + " = " + width * height + " pixels, more than the limit of " + limits.maxPixels());
        }
    }

    private RgbImage decodeWithin(ImageReader reader, ImageFormat format, DecodeDeadline deadline)
            throws IOException, ImageRejectedException {
        reader.addIIOReadProgressListener(deadline);
        BufferedImage decoded = reader.read(0);
        if (deadline.passed() || decoded == null) {
            throw timeout(format, deadline.readAborted() ? "was stopped at" : "took longer than");
        }
        return PilRgb.of(decoded);
    }

    private ImageRejectedException timeout(ImageFormat format, String how) {
        return new ImageRejectedException(Reason.TIMEOUT, format + " decoding " + how + " the limit of "
                + limits.decodeTimeout().toMillis() + " ms");
    }

    private static String hex(byte[] data) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, data.length); i++) {
            sb.append(String.format(i == 0 ? "%02x" : " %02x", data[i] & 0xFF));
        }
        return sb.toString();
    }
}
