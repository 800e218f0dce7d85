/**
 * Measuring the engine, for {@code cnn bench} and the benchmark module only: timed forward passes
 * with allocation counts ({@link io.cnnstream.engine.bench.Stopwatch}), a per-kernel-call profile
 * ({@link io.cnnstream.engine.bench.ProfilingKernels}), the FP32 peak each layer is judged against
 * ({@link io.cnnstream.engine.bench.PeakFlops}) and the runs behind {@code cnn bench}
 * ({@link io.cnnstream.engine.bench.ModelBenchmark}). Nothing on the inference path depends on it
 * ({@code EngineArchitectureTest}).
 */
package io.cnnstream.engine.bench;
