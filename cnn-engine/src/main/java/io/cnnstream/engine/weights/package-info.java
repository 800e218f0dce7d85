/**
 * Weights files and binding: safetensors reading (memory-mapped, validated whole) and writing,
 * binding tensors to a model's parameters by their PyTorch names with one error listing every
 * mismatch, and the seeded He initialisation used when no file is given. Depends on {@code tensor},
 * {@code layer}, {@code model} and {@code json}.
 */
package io.cnnstream.engine.weights;
