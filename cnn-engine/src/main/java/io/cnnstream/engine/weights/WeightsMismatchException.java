package io.cnnstream.engine.weights;

import java.util.List;

/** A weights file that does not fit a model: every missing, unexpected or mis-shaped tensor, in one message. */
public final class WeightsMismatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient List<String> problems;

    public WeightsMismatchException(String file, String model, List<String> problems) {
        super("weights file " + file + " does not fit model " + model + " (" + problems.size() + " problem"
                + (problems.size() == 1 ? "" : "s") + "):\n  " + String.join("\n  ", problems)
                + "\nGive the matching torchvision model's state_dict (torch.save(model.state_dict(), PATH), "
                + "or safetensors), or name tensors as 'cnn summary " + model + "' lists them.");
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
