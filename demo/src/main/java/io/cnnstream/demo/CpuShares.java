package io.cnnstream.demo;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where the JVM's CPU went between two snapshots, by what the threads do: the engine's workers, the
 * service's pipeline stage, its Kafka clients, the in-JVM broker, the benchmark's own thread (its reader,
 * and the start-up of instances after the first), and
 * the rest (garbage collection, JIT compilation and threads that ended before the second snapshot),
 * from the process CPU time. Threads started after the first snapshot count from zero. It answers what a run through Kafka spends besides the engine.
 */
final class CpuShares {
    /** Groups in the order they are reported. */
    static final String ENGINE = "engine workers", STAGE = "pipeline stage", CLIENTS = "service's Kafka clients",
            BROKER = "broker", READER = "benchmark (reader, later instances' start-up)", REST = "GC, JIT and the rest";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> cpuAtStart = new HashMap<>();
    private final long processAtStart;
    private final long gcAtStart = gcMillis();
    private final long wallAtStart = System.nanoTime();

    private CpuShares() {
        for (long id : threads.getAllThreadIds()) {
            cpuAtStart.put(id, threads.getThreadCpuTime(id));
        }
        processAtStart = processCpu();
    }

    static CpuShares start() {
        return new CpuShares();
    }

    /** CPU seconds by group, cores busy (process CPU over wall time) and GC pause time since the start. */
    record Usage(Map<String, Double> cpuSeconds, double coresBusy, double gcPauseSeconds) {
    }

    Usage since() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (String group : new String[] {ENGINE, STAGE, CLIENTS, BROKER, READER}) {
            seconds.put(group, 0.0);
        }
        double seen = 0;
        for (long id : threads.getAllThreadIds()) {
            ThreadInfo info = threads.getThreadInfo(id);
            long before = cpuAtStart.getOrDefault(id, 0L);
            long now = threads.getThreadCpuTime(id);
            if (info == null || before < 0 || now < 0) {
                continue;
            }
            double s = (now - before) / 1e9;
            seconds.merge(group(info.getThreadName()), s, Double::sum);
            seen += s;
        }
        double process = (processCpu() - processAtStart) / 1e9;
        seconds.put(REST, Math.max(0, process - seen));
        return new Usage(seconds, process / ((System.nanoTime() - wallAtStart) / 1e9), (gcMillis() - gcAtStart) / 1e3);
    }

    static String group(String thread) {
        if (thread.startsWith("cnn-worker-")) {
            return ENGINE;
        }
        if (thread.startsWith("cnnstream-pipeline")) {
            return STAGE;
        }
        if (thread.startsWith("bench-") || thread.equals("main")) {
            return READER;
        }
        // the service's consumer thread (its container id) and its producer's I/O thread
        if (thread.startsWith("classifier-") || thread.startsWith("kafka-producer-network-thread")) {
            return CLIENTS;
        }
        return BROKER;
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(gc -> Math.max(0, gc.getCollectionTime())).sum();
    }

    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
