package io.cnnstream.engine.image;

/** Reads the few JPEG header facts the decoders do not expose: embedded ICC profiles and EXIF orientation. */
final class JpegMarkers {
    private static final int EXIF_ORIENTATION_TAG = 0x0112;

    private JpegMarkers() {
    }

    /**
     * {@code jpeg} without its APP2 ICC_PROFILE segments (the same array when it has none). PIL ignores
     * embedded profiles; the JDK's reader would colour-manage with them and shift the pixels.
     */
    static byte[] withoutIccProfiles(byte[] jpeg) {
        java.io.ByteArrayOutputStream out = null;
        int copiedUpTo = 0;
        for (int at = 2; at + 4 <= jpeg.length; ) {
            int[] segment = segment(jpeg, at);
            if (segment == null) {
                break;
            }
            if (segment[0] == 0xE2 && startsWith(jpeg, at + 4, "ICC_PROFILE\0")) {
                if (out == null) {
                    out = new java.io.ByteArrayOutputStream(jpeg.length);
                }
                out.write(jpeg, copiedUpTo, at - copiedUpTo);
                copiedUpTo = Math.min(segment[1], jpeg.length);
            }
            at = segment[1];
        }
        if (out == null) {
            return jpeg;
        }
        out.write(jpeg, copiedUpTo, jpeg.length - copiedUpTo);
        return out.toByteArray();
    }

    /** The EXIF orientation (1-8) of a JPEG, or 1 when it has none or it cannot be read. */
    static int exifOrientation(byte[] jpeg) {
        for (int at = 2; at + 4 <= jpeg.length; ) {
            int[] segment = segment(jpeg, at);
            if (segment == null) {
                return 1;
            }
            if (segment[0] == 0xE1 && startsWith(jpeg, at + 4, "Exif\0\0")) {
                return orientationInTiff(jpeg, at + 10, segment[1]);
            }
            at = segment[1];
        }
        return 1;
    }

    /** {marker, offset of the next segment} for the segment at {@code at}, or null at a scan or bad data. */
    private static int[] segment(byte[] jpeg, int at) {
        if ((jpeg[at] & 0xFF) != 0xFF) {
            return null;
        }
        int marker = jpeg[at + 1] & 0xFF;
        if (marker == 0xDA || marker == 0xD9) {
            return null; // start of scan or end of image: no more header segments
        }
        int length = (jpeg[at + 2] & 0xFF) << 8 | (jpeg[at + 3] & 0xFF);
        return length < 2 ? null : new int[] {marker, at + 2 + length};
    }

    private static int orientationInTiff(byte[] b, int tiff, int end) {
        if (tiff + 8 > Math.min(end, b.length)) {
            return 1;
        }
        boolean little = b[tiff] == 'I';
        int ifd = tiff + u32(b, tiff + 4, little);
        if (ifd < tiff || ifd + 2 > Math.min(end, b.length)) {
            return 1;
        }
        int entries = u16(b, ifd, little);
        for (int i = 0; i < entries; i++) {
            int entry = ifd + 2 + 12 * i;
            if (entry + 12 > Math.min(end, b.length)) {
                return 1;
            }
            if (u16(b, entry, little) == EXIF_ORIENTATION_TAG) {
                int value = u16(b, entry + 8, little);
                return value >= 1 && value <= 8 ? value : 1;
            }
        }
        return 1;
    }

    private static int u16(byte[] b, int at, boolean little) {
        int x = b[at] & 0xFF, y = b[at + 1] & 0xFF;
        return little ? y << 8 | x : x << 8 | y;
    }

    private static int u32(byte[] b, int at, boolean little) {
        int lo = u16(b, at + (little ? 0 : 2), little), hi = u16(b, at + (little ? 2 : 0), little);
        return hi << 16 | lo;
    }

    private static boolean startsWith(byte[] b, int at, String text) {
        if (at + text.length() > b.length) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            if (b[at + i] != (byte) text.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
