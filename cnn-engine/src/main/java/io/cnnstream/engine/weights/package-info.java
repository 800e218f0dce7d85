/**
 * Weights files and binding: safetensors reading (memory-mapped, validated whole) and writing,
 * binding tensors to a model's parameters by their PyTorch names with one error listing every
 * mismatch, the seeded He initialisation used when no file is given, and
 * {@link io.cnnstream.engine.weights.BoundModel}: a registry model with its weights bound and its
 * batch norms folded. Depends on {@code tensor}, {@code layer}, {@code graph}, {@code model} and {@code json}.
 */
package io.cnnstream.engine.weights;
