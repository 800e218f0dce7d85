/**
 * One class per layer: hyperparameters fixed in the constructor (validated records from
 * {@code kernel}), weights held as named {@link io.cnnstream.engine.layer.Parameter}s and bound
 * later, arithmetic delegated to {@link io.cnnstream.engine.kernel.Kernels}. Depends on
 * {@code tensor} and {@code kernel}.
 */
package io.cnnstream.engine.layer;
