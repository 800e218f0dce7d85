/**
 * The arithmetic of the layers: the {@link io.cnnstream.engine.kernel.Kernels} interface, the
 * validated hyperparameter records its operations take, and the scalar reference implementation
 * that stays the oracle for every faster one. Depends on {@code tensor} and {@code parallel}.
 */
package io.cnnstream.engine.kernel;
