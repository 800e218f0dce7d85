package io.cnnstream.engine.cli;

import io.cnnstream.engine.train.Trainer;
import io.cnnstream.engine.train.TrainingRun;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Training's progress: on a terminal, one bar redrawn in place with the running loss, accuracy and
 * images/s; elsewhere (a pipe, a CI log) one plain line per epoch.
 */
final class ProgressBar implements TrainingRun.Listener {
    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final boolean terminal;
    private final int epochs;
    private long epochStart;
    private double lossSum;
    private int correct;
    private int seen;

    ProgressBar(PrintWriter out, boolean terminal, int epochs) {
        this.out = out;
        this.terminal = terminal;
        this.epochs = epochs;
    }

    @Override
    public void step(int epoch, int step, int stepsPerEpoch, Trainer.StepResult result, double lr) {
        if (step == 0) {
            epochStart = System.nanoTime();
            lossSum = 0;
            correct = 0;
            seen = 0;
        }
        lossSum += result.loss() * result.samples();
        correct += result.correct();
        seen += result.samples();
        if (terminal && (step % 10 == 0 || step == stepsPerEpoch - 1)) {
            int filled = (step + 1) * WIDTH / stepsPerEpoch;
            double seconds = Math.max(1e-9, (System.nanoTime() - epochStart) / 1e9);
            out.print(String.format(Locale.ROOT, "\repoch %d/%d [%s%s] loss %.4f acc %.2f%% %.0f img/s lr %.4f",
                    epoch + 1, epochs, "#".repeat(filled), ".".repeat(WIDTH - filled), lossSum / seen,
                    100.0 * correct / seen, seen / seconds, lr));
            out.flush();
        }
    }

    @Override
    public void epoch(int epoch, double meanLoss, double accuracy, double imagesPerSecond) {
        out.println(String.format(Locale.ROOT, "%sepoch %d/%d loss %.4f train accuracy %.2f%% %.0f img/s",
                terminal ? "\r\033[2K" : "", epoch + 1, epochs, meanLoss, 100 * accuracy, imagesPerSecond));
        out.flush();
    }
}
