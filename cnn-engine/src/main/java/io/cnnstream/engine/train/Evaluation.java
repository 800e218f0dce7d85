package io.cnnstream.engine.train;

import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.model.Model;
import io.cnnstream.engine.tensor.Tensor;

/** A model's accuracy on a dataset, in inference mode, and where it goes wrong: the confusion matrix. */
public record Evaluation(int samples, int correct, int[][] confusion) {

    /** Runs {@code model} (weights bound) over {@code data} in batches of {@code batchSize}. */
    public static Evaluation of(Model model, Dataset data, Kernels kernels, int batchSize) {
        int classes = model.classes();
        int[][] confusion = new int[classes][classes];
        int correct = 0;
        for (int from = 0; from < data.size(); from += batchSize) {
            int to = Math.min(data.size(), from + batchSize);
            Tensor logits = model.network().forward(data.batch(from, to), kernels);
            for (int r = 0; r < to - from; r++) {
                int predicted = argmax(logits, r), truth = data.labels()[from + r];
                confusion[truth][predicted]++;
                correct += predicted == truth ? 1 : 0;
            }
        }
        return new Evaluation(data.size(), correct, confusion);
    }

    public double accuracy() {
        return samples == 0 ? 0 : (double) correct / samples;
    }

    /** Rows of {@code output} whose largest logit is at the label of sample {@code from + row}. */
    static int countCorrect(Tensor output, int[] labels, int from) {
        int correct = 0;
        for (int r = 0; r < output.batch(); r++) {
            correct += argmax(output, r) == labels[from + r] ? 1 : 0;
        }
        return correct;
    }

    static int argmax(Tensor output, int row) {
        int classes = output.shape().dim(1), best = 0;
        float[] z = output.data();
        for (int k = 1; k < classes; k++) {
            if (z[row * classes + k] > z[row * classes + best]) {
                best = k;
            }
        }
        return best;
    }
}
