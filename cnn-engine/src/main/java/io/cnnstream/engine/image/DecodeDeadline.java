package io.cnnstream.engine.image;

import java.time.Duration;

import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadProgressListener;

/**
 * Aborts a read that outlives its time limit, from the reading thread itself. ImageIO readers
 * report progress on the thread that reads and poll {@link ImageReader#abortRequested()} between
 * rows; aborting from another thread instead races with the JPEG reader's owner-thread lock, which
 * throws {@link IllegalStateException} from {@code read} or {@code dispose}.
 */
final class DecodeDeadline implements IIOReadProgressListener {
    private final long startNanos = System.nanoTime();
    private final long limitNanos;
    /** Time spent waiting for decode memory: not decoding, so not counted. */
    private long waitedNanos;
    private boolean readAborted;

    DecodeDeadline(Duration limit) {
        this.limitNanos = limit.toNanos();
    }

    boolean passed() {
        return System.nanoTime() - startNanos - waitedNanos > limitNanos;
    }

    /** Does not count {@code nanos} spent waiting, rather than decoding. */
    void exclude(long nanos) {
        waitedNanos += nanos;
    }

    /** Whether the reader stopped early at this deadline's request (readers report it on the reading thread). */
    boolean readAborted() {
        return readAborted;
    }

    private void abortIfPassed(ImageReader source) {
        if (passed()) {
            source.abort();
        }
    }

    @Override
    public void imageStarted(ImageReader source, int imageIndex) {
        abortIfPassed(source);
    }

    @Override
    public void imageProgress(ImageReader source, float percentageDone) {
        abortIfPassed(source);
    }

    @Override
    public void imageComplete(ImageReader source) {
        // the read is over: the caller checks the deadline once more
    }

    @Override
    public void readAborted(ImageReader source) {
        readAborted = true;
    }

    @Override
    public void sequenceStarted(ImageReader source, int minIndex) {
        // one image per read: progress within it is what counts
    }

    @Override
    public void sequenceComplete(ImageReader source) {
        // one image per read
    }

    @Override
    public void thumbnailStarted(ImageReader source, int imageIndex, int thumbnailIndex) {
        // thumbnails are never read
    }

    @Override
    public void thumbnailProgress(ImageReader source, float percentageDone) {
        // thumbnails are never read
    }

    @Override
    public void thumbnailComplete(ImageReader source) {
        // thumbnails are never read
    }
}
