package io.cnnstream.engine.train;

/** The learning rate at each optimisation step, counted from 0 over the whole run. */
@FunctionalInterface
public interface LearningRate {
    double at(int step);

    static LearningRate constant(double lr) {
        return step -> lr;
    }

    /** PyTorch's {@code StepLR(step_size=every, gamma)} stepped once per epoch of {@code stepsPerEpoch} steps. */
    static LearningRate stepDecay(double lr, int every, double gamma, int stepsPerEpoch) {
        return step -> lr * Math.pow(gamma, (step / stepsPerEpoch) / every);
    }

    /** PyTorch's {@code CosineAnnealingLR(T_max=totalSteps, eta_min=0)} stepped once per optimisation step. */
    static LearningRate cosine(double lr, int totalSteps) {
        return step -> lr * (1 + Math.cos(Math.PI * step / totalSteps)) / 2;
    }
}
