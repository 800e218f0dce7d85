/**
 * Shapes and dense float32 tensors (row-major, NCHW for images). Depends on nothing else in the engine.
 */
package io.cnnstream.engine.tensor;
