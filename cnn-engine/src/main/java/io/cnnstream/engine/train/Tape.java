package io.cnnstream.engine.train;

import io.cnnstream.engine.layer.BatchNorm2d;
import io.cnnstream.engine.layer.Parameter;
import io.cnnstream.engine.tensor.Tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One training pass over one shard of a batch, on one thread. The forward pass records, layer by
 * layer, how to undo itself; {@link #backward} replays the records in reverse, each turning
 * {@code dL/dy} into {@code dL/dx} and adding its parameters' gradients here. Nothing is shared
 * between tapes, so shards run on the worker pool without locks and are summed once afterwards.
 */
public final class Tape {
    /** A layer's backward pass; {@code wantInput} is false for the first layer, whose {@code dL/dx} nobody reads. */
    @FunctionalInterface
    public interface Backward {
        Tensor apply(Tensor dy, boolean wantInput);
    }

    /** A batch norm's batch statistics in this pass, for its running averages. */
    public record BatchStatistics(BatchNorm2d layer, double[] mean, double[] unbiasedVar) {
    }

    private final ArrayDeque<Backward> records = new ArrayDeque<>();
    private final Map<Parameter, float[]> gradients = new IdentityHashMap<>();
    private final List<BatchStatistics> statistics = new ArrayList<>();
    private final long seed;
    private final int firstSample;
    private final boolean inputGradient;

    /**
     * @param seed          the pass's seed, from which dropout draws its masks
     * @param firstSample   the index in the whole batch of this shard's first sample, so that a
     *                      sample's dropout mask does not depend on how the batch was sharded
     * @param inputGradient whether {@link #backward} must return {@code dL/dx} of the network's input
     */
    public Tape(long seed, int firstSample, boolean inputGradient) {
        this.seed = seed;
        this.firstSample = firstSample;
        this.inputGradient = inputGradient;
    }

    public void record(Backward backward) {
        records.push(backward);
    }

    /** Runs the recorded backward passes from the last layer to the first; {@code dL/dx} of the input, or null. */
    public Tensor backward(Tensor dy) {
        Tensor g = dy;
        while (!records.isEmpty()) {
            Backward b = records.pop();
            g = b.apply(g, inputGradient || !records.isEmpty());
        }
        return inputGradient ? g : null;
    }

    /** The gradient accumulator of {@code p} in this pass, zero until something adds to it. */
    public float[] gradient(Parameter p) {
        return gradients.computeIfAbsent(p, q -> new float[q.shape().intSize()]);
    }

    public Map<Parameter, float[]> gradients() {
        return gradients;
    }

    public void recordStatistics(BatchStatistics s) {
        statistics.add(s);
    }

    public List<BatchStatistics> statistics() {
        return statistics;
    }

    public long seed() {
        return seed;
    }

    public int firstSample() {
        return firstSample;
    }
}
