package io.cnnstream.engine.kernel.simd;

/**
 * A worker thread's own packing buffers, grown to the largest size asked for and then reused, so
 * that a forward pass after warm-up allocates no packing memory. One per thread: the engine's
 * worker pool has a fixed set of threads.
 */
final class Scratch {
    private static final ThreadLocal<Scratch> PER_THREAD = ThreadLocal.withInitial(Scratch::new);

    private float[] panels = new float[0];
    private float[] shared = new float[0];
    private float[] winogradProducts = new float[0];
    private float[] padded = new float[0];
    private float[] window = new float[0];
    private int[] rowStart = new int[0];
    private int[] colStart = new int[0];
    private int[] runs = new int[0];
    private int[] taps = new int[0];
    private final float[] tile = new float[MicroKernel.MR * MicroKernel.NR];
    private final float[] winogradTile = new float[16 * (MicroKernel.NR + MicroKernel.L)];
    private final float[] winogradStage = new float[16 * MicroKernel.L];
    private final float[] transposeStage = new float[MicroKernel.L * MicroKernel.L];

    static Scratch get() {
        return PER_THREAD.get();
    }

    float[] panels(int size) {
        panels = grown(panels, size);
        return panels;
    }

    /** The calling thread's buffer for input panels that the whole pool reads (see ConvolutionGemm). */
    float[] shared(int size) {
        shared = grown(shared, size);
        return shared;
    }

    /** The calling thread's buffer for Winograd's 16 products, read by the whole pool. */
    float[] winogradProducts(int size) {
        winogradProducts = grown(winogradProducts, size);
        return winogradProducts;
    }

    /** The calling thread's zero-padded copy of a convolution's input, read by the whole pool (Winograd's). */
    float[] padded(int size) {
        padded = grown(padded, size);
        return padded;
    }

    /** This worker's {@link InputWindow}. */
    float[] window(int size) {
        window = grown(window, size);
        return window;
    }

    int[] rowStart(int size) {
        rowStart = grown(rowStart, size);
        return rowStart;
    }

    int[] colStart(int size) {
        colStart = grown(colStart, size);
        return colStart;
    }

    int[] taps(int size) {
        taps = grown(taps, size);
        return taps;
    }

    int[] runs(int size) {
        runs = grown(runs, size);
        return runs;
    }

    /** Winograd's transforms: 16 rows of NR lanes plus a vector of overshoot each (input), 4 vectors (output). */
    float[] winogradTile() {
        return winogradTile;
    }

    /** Winograd's transforms: the 16 vectors between their row and column passes. */
    float[] winogradStage() {
        return winogradStage;
    }

    /** {@link TileTranspose}'s tile between its two halves. */
    float[] transposeStage() {
        return transposeStage;
    }

    /** An MR x NR block for the edges of C, zeroed by the caller's copy where it matters. */
    float[] tile() {
        return tile;
    }

    /** {@code buffer} when it holds {@code size}, else a new one that does (contents not kept). */
    private static float[] grown(float[] buffer, int size) {
        return buffer.length < size ? new float[size] : buffer;
    }

    private static int[] grown(int[] buffer, int size) {
        return buffer.length < size ? new int[size] : buffer;
    }
}
