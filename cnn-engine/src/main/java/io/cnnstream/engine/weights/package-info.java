/**
 * Weights files and binding: {@link io.cnnstream.engine.weights.WeightsFiles} tells the format from
 * the first bytes; safetensors reading (memory-mapped, validated whole) and writing; PyTorch
 * checkpoints ({@link io.cnnstream.engine.weights.PyTorchCheckpoint}, with a restricted unpickler
 * that refuses every global a state dict does not need); ONNX exports bound to their registry model
 * by position; binding by PyTorch names with one error listing every mismatch; the seeded He
 * initialisation used when no file is given; and {@link io.cnnstream.engine.weights.BoundModel}: a
 * registry model (or an ONNX graph) with its weights bound and its batch norms folded. Depends on
 * {@code tensor}, {@code layer}, {@code graph}, {@code model}, {@code onnx} and {@code json}.
 */
package io.cnnstream.engine.weights;
