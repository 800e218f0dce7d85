package io.cnnstream.engine.image;

import java.util.concurrent.Semaphore;

/**
 * The memory one decoder's decodes may hold at once ({@link ImageLimits#decodeMemory()}), in KiB
 * permits. A decode reserves what its raster and its RGB copy will take before the reader
 * allocates them, and waits while others hold the rest: the wait is bounded, since every holder
 * finishes within its own decode time limit. Without it, the heap a batch needs grows with the
 * worker count (a pod without a CPU limit sees every core of its node).
 */
final class DecodeMemory {
    private final Semaphore kib;

    DecodeMemory(long bytes) {
        this.kib = new Semaphore((int) Math.min(Integer.MAX_VALUE, bytes / 1024));
    }

    /** Waits for {@code bytes} (at most the whole budget) and holds them until closed. */
    Reservation reserve(long bytes) {
        int permits = (int) Math.min(Integer.MAX_VALUE, (bytes + 1023) / 1024);
        kib.acquireUninterruptibly(permits);
        return () -> kib.release(permits);
    }

    /** Reserved memory, given back at close. */
    interface Reservation extends AutoCloseable {
        @Override
        void close();
    }
}
