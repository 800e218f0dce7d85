/**
 * What the service and the command line use: an {@link io.cnnstream.engine.api.Engine} (worker
 * pool and kernels, started once) opens a {@link io.cnnstream.engine.api.Classifier} from a
 * {@link io.cnnstream.engine.api.ClassifierSpec}, and
 * {@link io.cnnstream.engine.api.Classifier#classify} turns a batch of
 * {@link io.cnnstream.engine.api.Input}s (image bytes or float32 tensors) into one
 * {@link io.cnnstream.engine.api.Outcome} each: predictions or a typed
 * {@link io.cnnstream.engine.api.Rejection}. Depends on the engine's other packages; within the
 * engine only {@code cli} depends on it, and outside it the service sees nothing else.
 */
package io.cnnstream.engine.api;
