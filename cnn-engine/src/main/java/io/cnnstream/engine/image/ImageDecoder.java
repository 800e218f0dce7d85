package io.cnnstream.engine.image;

import static io.cnnstream.engine.image.ImageRejectedException.Reason;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.SampleModel;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.stream.ImageInputStream;

/**
 * Decodes untrusted encoded images to 8-bit RGB within {@link ImageLimits}: the format comes from
 * the magic bytes; the declared size is read from the header and checked before pixels are
 * allocated, and so is the memory its decode will take ({@link DecodeMemory}: reserved before it
 * is allocated); a decode that outlives the time limit is aborted at the reader's next progress report
 * or its next read of the bytes, and refused; decoder warnings (a truncated JPEG decodes to grey with only a warning) count as
 * corruption. Every refusal is an {@link ImageRejectedException} with its reason. Thread-safe.
 */
public final class ImageDecoder {
    static {
        ImageIO.setUseCache(false); // decode in memory: no temp files, works on read-only file systems
    }

    private final ImageLimits limits;
    private final DecodeMemory memory;

    public ImageDecoder(ImageLimits limits) {
        this.limits = limits;
        this.memory = new DecodeMemory(limits.decodeMemory());
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
            long bytes = decodeBytes(format, reader, checkDeclaredSize(format, data, reader));
            long waitStarted = System.nanoTime();
            RgbImage image;
            try (DecodeMemory.Reservation held = memory.reserve(bytes)) {
                deadline.exclude(System.nanoTime() - waitStarted);
                image = decodeWithin(reader, format, deadline);
            }
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

    /** The declared pixel count, checked against the limit. */
    private long checkDeclaredSize(ImageFormat format, byte[] data, ImageReader reader) throws IOException, ImageRejectedException {
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
        return width * height;
    }

    /**
     * What decoding {@code pixels} will hold: the reader's raster (the bytes a pixel of its image type
     * takes) and the 8-bit RGB copy made of it; refused when more than one image may take.
     */
    private long decodeBytes(ImageFormat format, ImageReader reader, long pixels) throws IOException, ImageRejectedException {
        int rasterBytes = rasterBytesPerPixel(reader);
        long bytes = pixels * (rasterBytes + 3);
        if (bytes > limits.maxDecodeBytes()) {
            throw new ImageRejectedException(Reason.TOO_MANY_PIXELS, format + " of " + pixels + " pixels needs "
                    + mib(bytes) + " MiB to decode (" + rasterBytes + " bytes a pixel as decoded, 3 as RGB), more than"
                    + " the " + mib(limits.maxDecodeBytes()) + " MiB one image may take (half the decode memory of "
                    + mib(limits.decodeMemory()) + " MiB)");
        }
        return bytes;
    }

    private static int rasterBytesPerPixel(ImageReader reader) throws IOException {
        ImageTypeSpecifier type = reader.getRawImageType(0);
        if (type == null) {
            Iterator<ImageTypeSpecifier> types = reader.getImageTypes(0);
            type = types.hasNext() ? types.next() : null;
        }
        if (type == null) {
            return 4; // what readers that declare no type produce: ARGB
        }
        SampleModel sample = type.getSampleModel(1, 1);
        return Math.max(1, sample.getNumDataElements() * DataBuffer.getDataTypeSize(sample.getDataType()) / 8);
    }

    private static long mib(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
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
