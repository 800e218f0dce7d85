package io.cnnstream.engine.train;

/**
 * Epochs of {@link Trainer} steps over seeded {@link Batches}, the learning rate from a schedule,
 * reporting every step to a listener (the progress bar) and each epoch's totals.
 */
public final class TrainingRun {
    /** Hears each step and each epoch's end. */
    public interface Listener {
        void step(int epoch, int step, int stepsPerEpoch, Trainer.StepResult result, double lr);

        void epoch(int epoch, double meanLoss, double accuracy, double imagesPerSecond);
    }

    private final Trainer trainer;
    private final Batches batches;
    private final LearningRate lr;
    private final long seed;

    public TrainingRun(Trainer trainer, Batches batches, LearningRate lr, long seed) {
        this.trainer = trainer;
        this.batches = batches;
        this.lr = lr;
        this.seed = seed;
    }

    public void run(int epochs, Listener listener) {
        int perEpoch = batches.perEpoch();
        for (int epoch = 0; epoch < epochs; epoch++) {
            int[] order = batches.order(epoch);
            double lossSum = 0;
            int correct = 0, seen = 0;
            long start = System.nanoTime();
            for (int i = 0; i < perEpoch; i++) {
                int step = epoch * perEpoch + i;
                Batches.Batch batch = batches.batch(order, epoch, i);
                double rate = lr.at(step);
                Trainer.StepResult r = trainer.step(batch.images(), batch.targets(), seed * 1_000_003L + step, rate);
                lossSum += r.loss() * r.samples();
                correct += r.correct();
                seen += r.samples();
                listener.step(epoch, i, perEpoch, r, rate);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            listener.epoch(epoch, lossSum / seen, (double) correct / seen, seen / seconds);
        }
    }
}
