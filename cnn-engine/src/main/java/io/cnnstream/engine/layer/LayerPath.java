package io.cnnstream.engine.layer;

import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The qualified name ({@code features.0}) of the layer running on this thread, kept by the graph
 * containers only while a profiler has asked for it with {@link #record}; otherwise every call is
 * a no-op after one thread-local read.
 */
public final class LayerPath {
    private static final ThreadLocal<ArrayDeque<String>> PATH = new ThreadLocal<>();

    private LayerPath() {
    }

    /** Starts (or stops) keeping names on this thread. */
    public static void record(boolean on) {
        PATH.set(on ? new ArrayDeque<>() : null);
    }

    public static void enter(String name) {
        ArrayDeque<String> path = PATH.get();
        if (path != null) {
            path.addLast(name);
        }
    }

    public static void leave() {
        ArrayDeque<String> path = PATH.get();
        if (path != null) {
            path.removeLast();
        }
    }

    /** The dotted name of the innermost layer entered, or {@code ""} at the top or when not recording. */
    public static String current() {
        ArrayDeque<String> path = PATH.get();
        if (path == null) {
            return "";
        }
        StringBuilder name = new StringBuilder();
        for (Iterator<String> it = path.iterator(); it.hasNext(); ) {
            name.append(it.next()).append(it.hasNext() ? "." : "");
        }
        return name.toString();
    }
}
