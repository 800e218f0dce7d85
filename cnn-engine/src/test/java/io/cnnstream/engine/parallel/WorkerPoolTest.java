package io.cnnstream.engine.parallel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

class WorkerPoolTest {

    @Test
    void runsEveryIndexExactlyOnceWhateverTheRunsOfIndicesHandedOut() {
        try (WorkerPool pool = new WorkerPool(3)) {
            for (int n : new int[] {1, 2, 23, 24, 25, 47, 48, 49, 1000, 1001}) {
                AtomicIntegerArray seen = new AtomicIntegerArray(n);
                pool.parallelFor(n, seen::incrementAndGet);
                for (int i = 0; i < n; i++) {
                    assertEquals(1, seen.get(i), "index " + i + " of " + n);
                }
            }
        }
    }

    @Test
    void usesSeveralThreads() {
        try (WorkerPool pool = new WorkerPool(2)) {
            Set<String> threads = ConcurrentHashMap.newKeySet();
            pool.parallelFor(64, i -> {
                threads.add(Thread.currentThread().getName());
                sleep(5);
            });
            assertEquals(2, threads.size(), threads.toString());
        }
    }

    @Test
    void nestedLoopsRunOnTheCallingWorker() {
        try (WorkerPool pool = new WorkerPool(2)) {
            AtomicIntegerArray seen = new AtomicIntegerArray(100);
            pool.parallelFor(10, i -> pool.parallelFor(10, j -> seen.incrementAndGet(i * 10 + j)));
            for (int i = 0; i < 100; i++) {
                assertEquals(1, seen.get(i));
            }
        }
    }

    @Test
    void rethrowsTheFailureOfAnyWorker() {
        try (WorkerPool pool = new WorkerPool(2)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> pool.parallelFor(50, i -> {
                if (i == 37) {
                    throw new IllegalStateException("item 37 failed");
                }
            }));
            assertEquals("item 37 failed", e.getMessage());
        }
    }

    @Test
    void loopsFromSeveralCallersAtOnceShareTheWorkers() throws Exception {
        try (WorkerPool pool = new WorkerPool(3)) {
            AtomicIntegerArray seen = new AtomicIntegerArray(4 * 200 * 50);
            List<Thread> callers = new ArrayList<>();
            for (int c = 0; c < 4; c++) {
                int caller = c;
                callers.add(new Thread(() -> {
                    for (int loop = 0; loop < 200; loop++) {
                        int base = (caller * 200 + loop) * 50;
                        pool.parallelFor(50, i -> seen.incrementAndGet(base + i));
                    }
                }));
            }
            callers.forEach(Thread::start);
            for (Thread t : callers) {
                t.join(30_000);
            }
            for (int i = 0; i < seen.length(); i++) {
                assertEquals(1, seen.get(i), "index " + i);
            }
        }
    }

    @Test
    void rejectsZeroThreads() {
        assertThrows(IllegalArgumentException.class, () -> new WorkerPool(0));
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
