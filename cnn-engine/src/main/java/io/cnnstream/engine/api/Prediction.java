package io.cnnstream.engine.api;

/** One class of a result: its index in the model's output, its label and its softmax probability. */
public record Prediction(int index, String label, float probability) {
}
