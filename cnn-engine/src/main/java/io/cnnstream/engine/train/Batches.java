package io.cnnstream.engine.train;

import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

import java.util.SplittableRandom;

/**
 * A seeded, shuffling loader: each epoch a permutation drawn from {@code (seed, epoch)}, cut into
 * batches (the last one smaller, as PyTorch's {@code drop_last=False}), each image moved by a random
 * whole-pixel shift of at most {@code maxShift} in x and y with the background filling in.
 */
public final class Batches {
    private final Dataset data;
    private final int batchSize;
    private final long seed;
    private final int maxShift;

    /** One batch: the images and their labels. */
    public record Batch(Tensor images, Targets targets) {
    }

    public Batches(Dataset data, int batchSize, long seed, int maxShift) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
        if (maxShift < 0) {
            throw new IllegalArgumentException("shift must be >= 0, got " + maxShift);
        }
        this.data = data;
        this.batchSize = batchSize;
        this.seed = seed;
        this.maxShift = maxShift;
    }

    public int perEpoch() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    /** The order of the samples in {@code epoch}: a Fisher-Yates shuffle. */
    public int[] order(int epoch) {
        SplittableRandom random = new SplittableRandom(seed * 31 + epoch);
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1), t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Batch {@code index} of an epoch whose {@link #order} is {@code order}. */
    public Batch batch(int[] order, int epoch, int index) {
        int from = index * batchSize, to = Math.min(order.length, from + batchSize);
        Shape sample = data.sample();
        int per = sample.intSize(), h = sample.dim(1), w = sample.dim(2), planes = per / (h * w);
        float[] images = new float[(to - from) * per];
        int[] labels = new int[to - from];
        SplittableRandom random = new SplittableRandom((seed * 31 + epoch) * 1_000_003L + index);
        for (int i = from; i < to; i++) {
            int source = order[i], target = (i - from) * per;
            labels[i - from] = data.labels()[source];
            int dx = maxShift == 0 ? 0 : random.nextInt(-maxShift, maxShift + 1);
            int dy = maxShift == 0 ? 0 : random.nextInt(-maxShift, maxShift + 1);
            shift(data.images(), source * per, images, target, planes, h, w, dx, dy, data.background());
        }
        return new Batch(Tensor.of(sample.withBatch(to - from), images), Targets.labels(labels));
    }

    private static void shift(float[] in, int inFrom, float[] out, int outFrom, int planes, int h, int w, int dx, int dy,
                              float background) {
        java.util.Arrays.fill(out, outFrom, outFrom + planes * h * w, background);
        for (int c = 0; c < planes; c++) {
            for (int y = Math.max(0, dy); y < Math.min(h, h + dy); y++) {
                int x0 = Math.max(0, dx), x1 = Math.min(w, w + dx);
                System.arraycopy(in, inFrom + (c * h + y - dy) * w + x0 - dx, out, outFrom + (c * h + y) * w + x0, x1 - x0);
            }
        }
    }
}
