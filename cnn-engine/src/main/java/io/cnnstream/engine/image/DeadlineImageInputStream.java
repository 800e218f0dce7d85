package io.cnnstream.engine.image;

import java.io.ByteArrayInputStream;
import java.io.IOException;

import javax.imageio.IIOException;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * The encoded bytes, refusing to be read once the decode's deadline has passed. Readers that never
 * report progress (TwelveMonkeys' lossless WebP decoder) still read: a 91-byte WebP that declares
 * 40 megapixels reads past its end once per pixel for two minutes, and this is where it stops.
 */
final class DeadlineImageInputStream extends MemoryCacheImageInputStream {
    /** Thrown from a read after the deadline; the decoder turns it into a {@code TIMEOUT} rejection. */
    static final class DeadlinePassedException extends IIOException {
        private static final long serialVersionUID = 1L;

        DeadlinePassedException() {
            super("the decode's time limit passed while it was reading");
        }
    }

    private final DecodeDeadline deadline;

    DeadlineImageInputStream(byte[] data, DecodeDeadline deadline) {
        super(new ByteArrayInputStream(data));
        this.deadline = deadline;
    }

    @Override
    public int read() throws IOException {
        checkDeadline();
        return super.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        checkDeadline();
        return super.read(b, off, len);
    }

    private void checkDeadline() throws DeadlinePassedException {
        if (deadline.passed()) {
            throw new DeadlinePassedException();
        }
    }
}
