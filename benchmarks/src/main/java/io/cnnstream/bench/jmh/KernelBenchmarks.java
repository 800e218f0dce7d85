package io.cnnstream.bench.jmh;

import io.cnnstream.engine.kernel.Activation;
import io.cnnstream.engine.kernel.Conv2dSpec;
import io.cnnstream.engine.kernel.Kernels;
import io.cnnstream.engine.kernel.LrnSpec;
import io.cnnstream.engine.kernel.Pool2dSpec;
import io.cnnstream.engine.kernel.ScalarKernels;
import io.cnnstream.engine.kernel.simd.VectorKernels;
import io.cnnstream.engine.parallel.WorkerPool;
import io.cnnstream.engine.tensor.Shape;
import io.cnnstream.engine.tensor.Tensor;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * AlexNet's kernels at batch 8, scalar oracle and vector kernels side by side in one run
 * ({@code bin/jmh}; JMH prints both rows, their ratio is the speed-up). One thread by default
 * ({@code -p threads=2} for the pool of two).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-XX:PerMethodTrapLimit=10000"})
public class KernelBenchmarks {
    @Param({"vector", "scalar"})
    public String kernels;

    @Param({"1"})
    public int threads;

    private WorkerPool pool;
    private Kernels k;
    private final Conv2dSpec conv2 = Conv2dSpec.of(64, 192, 5, 1, 2);
    private final Conv2dSpec conv3 = Conv2dSpec.of(192, 384, 3, 1, 1);
    private Tensor conv2Input, conv2Weight, conv2Bias, conv3Input, conv3Weight, conv3Bias;
    private Tensor fcInput, fcWeight, fcBias, poolInput;

    @Setup(Level.Trial)
    public void setUp() {
        pool = new WorkerPool(threads);
        k = kernels.equals("vector") ? new VectorKernels(pool) : new ScalarKernels(pool);
        SplittableRandom random = new SplittableRandom(1);
        conv2Input = random(random, 8, 64, 27, 27);
        conv2Weight = random(random, conv2.weightShape().toArray());
        conv2Bias = random(random, 192);
        conv3Input = random(random, 8, 192, 13, 13);
        conv3Weight = random(random, conv3.weightShape().toArray());
        conv3Bias = random(random, 384);
        fcInput = random(random, 8, 9216);
        fcWeight = random(random, 4096, 9216);
        fcBias = random(random, 4096);
        poolInput = random(random, 8, 64, 55, 55);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
    }

    /** AlexNet features.3 (5x5, 64 -> 192, 27x27) + ReLU: 1.79 GFLOP per batch of 8. */
    @Benchmark
    public Tensor conv5x5() {
        return k.conv2d(conv2Input, conv2Weight, conv2Bias, conv2, Activation.relu());
    }

    /** AlexNet features.6 (3x3, 192 -> 384, 13x13) + ReLU: 0.90 GFLOP per batch of 8. */
    @Benchmark
    public Tensor conv3x3() {
        return k.conv2d(conv3Input, conv3Weight, conv3Bias, conv3, Activation.relu());
    }

    /** AlexNet classifier.1 (9216 -> 4096) + ReLU: 0.60 GFLOP per batch of 8, 151 MB of weights. */
    @Benchmark
    public Tensor linear() {
        return k.linear(fcInput, fcWeight, fcBias, Activation.relu());
    }

    @Benchmark
    public Tensor maxPool() {
        return k.maxPool2d(poolInput, Pool2dSpec.of(3, 2));
    }

    @Benchmark
    public Tensor lrn() {
        return k.localResponseNorm(poolInput, LrnSpec.alexNet2012());
    }

    private static Tensor random(SplittableRandom random, int... dims) {
        Shape shape = Shape.of(dims);
        float[] data = new float[shape.intSize()];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return Tensor.of(shape, data);
    }
}
