package io.cnnstream.engine.tensor;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Recycled activation memory for forward passes. While a workspace is {@linkplain #enter() entered}
 * on a thread, kernels take their output arrays from it ({@link #zeros}, {@link #uninitialized}) and
 * the graph hands back each intermediate result once the next layer has consumed it
 * ({@link #release}); the next pass of the same shapes then allocates no activation memory.
 * Outside a workspace the same calls allocate fresh arrays and releasing does nothing.
 *
 * <p>Only arrays the workspace lent out in the current pass are ever recycled: a caller's input, a
 * weight, or the pass's final output (never released) cannot be. Free arrays of sizes the last pass
 * did not ask for are dropped when it ends, so a workspace holds at most one pass's worth.
 * One thread at a time: a classifier keeps a workspace per concurrent caller.
 */
public final class Workspace {
    private static final ThreadLocal<Workspace> CURRENT = new ThreadLocal<>();

    private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
    private final Set<float[]> lent = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Integer> sizesThisPass = new HashSet<>();
    private long arraysCreated;

    /** An entered workspace; closing it leaves it (and the thread's previous one, if any, is current again). */
    public final class Scope implements AutoCloseable {
        private final Workspace previous;

        private Scope(Workspace previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            CURRENT.set(previous);
            free.keySet().retainAll(sizesThisPass);
            lent.clear(); // what was not handed back (the output) now belongs to the caller
        }
    }

    /** Makes this workspace the current thread's until the scope is closed. */
    public Scope enter() {
        Workspace previous = CURRENT.get();
        CURRENT.set(this);
        sizesThisPass.clear();
        return new Scope(previous);
    }

    /** A zero-filled tensor. */
    public static Tensor zeros(Shape shape) {
        Workspace w = CURRENT.get();
        if (w == null) {
            return Tensor.zeros(shape);
        }
        float[] data = w.take(shape.intSize());
        java.util.Arrays.fill(data, 0f);
        return Tensor.of(shape, data);
    }

    /** A tensor whose values are arbitrary: only for kernels that write every element. */
    public static Tensor uninitialized(Shape shape) {
        Workspace w = CURRENT.get();
        return w == null ? Tensor.zeros(shape) : Tensor.of(shape, w.take(shape.intSize()));
    }

    /** Hands {@code t}'s memory back for reuse, if the current workspace lent it; nothing else is touched. */
    public static void release(Tensor t) {
        Workspace w = CURRENT.get();
        if (w != null && w.lent.remove(t.data())) {
            w.free.computeIfAbsent(t.data().length, size -> new ArrayDeque<>()).push(t.data());
        }
    }

    /** How many arrays this workspace has had to allocate, because none of the size was free. */
    public long arraysCreated() {
        return arraysCreated;
    }

    private float[] take(int size) {
        sizesThisPass.add(size);
        ArrayDeque<float[]> list = free.get(size);
        float[] data;
        if (list == null || list.isEmpty()) {
            data = new float[size];
            arraysCreated++;
        } else {
            data = list.pop();
        }
        lent.add(data);
        return data;
    }
}
