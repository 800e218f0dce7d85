package io.cnnstream.engine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.kernel.ScalarKernels;
import io.cnnstream.engine.kernel.TestKernels;
import io.cnnstream.engine.parallel.WorkerPool;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;

/** The peak: every thread's FLOPs over the time from the start to the last thread's end, never more. */
class PeakFlopsTest {

    @Test
    void thePeakSumsEveryThreadsWorkOverTheWholeMeasurement() {
        Set<Thread> ran = ConcurrentHashMap.newKeySet();
        try (WorkerPool pool = new WorkerPool(2)) {
            long nanos = 50_000_000L;
            double gflops = PeakFlops.measure(pool, nanos, deadline -> {
                ran.add(Thread.currentThread());
                while (System.nanoTime() < deadline) {
                    LockSupport.parkNanos(1_000_000L);
                }
                return 1_000_000L;
            });
            assertEquals(2, ran.size(), "one loop on each thread");
            // 2e6 FLOPs over at least 50 ms: at most 0.04 GFLOPS, and close to it unless the machine stalls
            assertTrue(gflops <= 2e6 / nanos && gflops > 0.5 * 2e6 / nanos, "GFLOPS " + gflops);
        }
    }

    @Test
    void theRealLoopsMeasureAPositivePeakOnBothKernelSets() {
        try (WorkerPool pool = new WorkerPool(1)) {
            for (Kernels kernels : new Kernels[] {new ScalarKernels(pool), TestKernels.VECTOR}) {
                double gflops = PeakFlops.of(kernels, 20_000_000L);
                assertTrue(gflops > 0 && Double.isFinite(gflops), kernels.name() + ": " + gflops);
            }
        }
    }

    @Test
    void aPeakIsMeasuredOverAPositiveTime() {
        try (WorkerPool pool = new WorkerPool(1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PeakFlops.measure(pool, 0, deadline -> 0));
            assertTrue(e.getMessage().contains("positive"), e.getMessage());
        }
    }
}
