package io.cnnstream.engine.train;

import io.cnnstream.engine.layer.BatchNorm2d;
import io.cnnstream.engine.layer.Parameter;
import io.cnnstream.engine.parallel.WorkerPool;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One optimisation step, data parallel: the batch is cut into one shard per worker, each shard runs
 * forward and backward on its own {@link Tape}, and the shards' gradients are summed once, in shard
 * order (so a run is repeatable for a given number of threads), before the optimiser's update.
 */
public final class Trainer {
    /** PyTorch's default batch norm momentum. */
    static final double NORM_MOMENTUM = 0.1;

    private final TrainableNetwork network;
    private final Loss loss;
    private final Sgd optimiser;
    private final WorkerPool pool;

    /** What one step measured on its batch, before the update. */
    public record StepResult(double loss, int correct, int samples) {
    }

    public Trainer(TrainableNetwork network, Loss loss, Sgd optimiser, WorkerPool pool) {
        this.network = network;
        this.loss = loss;
        this.optimiser = optimiser;
        this.pool = pool;
    }

    public TrainableNetwork network() {
        return network;
    }

    /** Forward, backward and update on {@code images [N, ...]}; {@code seed} draws this step's dropout masks. */
    public StepResult step(Tensor images, Targets targets, long seed, double lr) {
        Gradients g = gradients(images, targets, seed);
        optimiser.step(g.sums, lr);
        updateRunningStatistics(g.tapes);
        return g.result;
    }

    /** The summed gradients of the batch's mean loss, without an update: for gradient checks. */
    public Map<Parameter, float[]> gradients(Tensor images, Targets targets) {
        return gradients(images, targets, 0).sums;
    }

    private record Gradients(Map<Parameter, float[]> sums, Tape[] tapes, StepResult result) {
    }

    private Gradients gradients(Tensor images, Targets targets, long seed) {
        int n = images.batch(), shards = Math.min(pool.threads(), n);
        Shape sample = images.shape().withoutBatch();
        int per = sample.intSize();
        Tape[] tapes = new Tape[shards];
        double[] losses = new double[shards];
        int[] correct = new int[shards];
        pool.parallelFor(shards, s -> {
            int from = (int) ((long) n * s / shards), to = (int) ((long) n * (s + 1) / shards);
            float[] slice = java.util.Arrays.copyOfRange(images.data(), from * per, to * per);
            Tape tape = new Tape(seed, from, false);
            Tensor output = network.forward(Tensor.of(sample.withBatch(to - from), slice), tape);
            float[] dOutput = new float[output.data().length];
            losses[s] = loss.shareAndGradient(output, targets, from, n, dOutput);
            if (targets.labels() != null) {
                correct[s] = Evaluation.countCorrect(output, targets.labels(), from);
            }
            tape.backward(Tensor.of(output.shape(), dOutput));
            tapes[s] = tape;
        });
        Map<Parameter, float[]> sums = new LinkedHashMap<>();
        double total = 0;
        int right = 0;
        for (int s = 0; s < shards; s++) {
            total += losses[s];
            right += correct[s];
            for (Map.Entry<Parameter, float[]> e : tapes[s].gradients().entrySet()) {
                float[] sum = sums.get(e.getKey());
                if (sum == null) {
                    sums.put(e.getKey(), e.getValue());
                } else {
                    float[] add = e.getValue();
                    for (int i = 0; i < sum.length; i++) {
                        sum[i] += add[i];
                    }
                }
            }
        }
        return new Gradients(sums, tapes, new StepResult(total, right, n));
    }

    /** {@code running = (1 - m) running + m batch}, the batch statistics averaged over the shards. */
    static void updateRunningStatistics(Tape[] tapes) {
        Map<BatchNorm2d, double[][]> sums = new IdentityHashMap<>();
        for (Tape tape : tapes) {
            for (Tape.BatchStatistics s : tape.statistics()) {
                double[][] acc = sums.computeIfAbsent(s.layer(), l -> new double[2][s.mean().length]);
                for (int c = 0; c < s.mean().length; c++) {
                    acc[0][c] += s.mean()[c] / tapes.length;
                    acc[1][c] += s.unbiasedVar()[c] / tapes.length;
                }
            }
        }
        sums.forEach((norm, acc) -> {
            blend(norm.runningMean().value().data(), acc[0]);
            blend(norm.runningVar().value().data(), acc[1]);
        });
    }

    private static void blend(float[] running, double[] batch) {
        for (int c = 0; c < running.length; c++) {
            running[c] = (float) ((1 - NORM_MOMENTUM) * running[c] + NORM_MOMENTUM * batch[c]);
        }
    }
}
