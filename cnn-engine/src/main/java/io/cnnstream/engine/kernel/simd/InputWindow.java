package io.cnnstream.engine.kernel.simd;

import io.cnnstream.engine.kernel.Conv2dSpec;

import java.util.Arrays;

/**
 * The input rows that one {@link DirectConvolution} task's output positions read, copied with their
 * zero padding into the worker's scratch, so that the micro-kernel reads any filter tap of any of
 * those positions without a bounds check: per input channel of the group, a plane of {@code rows}
 * rows of {@code rowLength = w + 2 padW} floats, row 0 being the task's first output row's first
 * input row. A copy of the whole padded input made before the tasks start (as before) wrote and
 * read back 20 MB at batch 32 on AlexNet's first layer, through memory: the window is written and
 * read in the worker's cache. Rows overlap between neighbouring tasks and are copied by each.
 * (Splitting strided rows into phases, to make the values a tap reads along an output row
 * contiguous, measured no faster, as the micro-kernel reads them one at a time.)
 */
record InputWindow(int rows, int rowLength, int channels) {
    /** Windows larger than this many floats are not made (the packed matrix product takes the convolution). */
    private static final int LIMIT = 1 << 20;

    /** The window for blocks of up to {@code positions} consecutive output positions of an {@code oh x ow} output. */
    static InputWindow of(Conv2dSpec spec, int w, int oh, int ow, int positions) {
        // a block of p positions starting at the end of a row spans at most 2 + (p - 2) / ow rows
        int outputRows = Math.min(oh, 2 + Math.max(0, positions - 2) / ow);
        return new InputWindow((outputRows - 1) * spec.strideH() + spec.kernelH(), w + 2 * spec.padW(),
                spec.inChannels() / spec.groups());
    }

    /** Whether {@link DirectConvolution} applies: not to 1x1 stride-1 convolutions (nothing to gain) nor when too large. */
    static boolean applies(Conv2dSpec spec, int w, int oh, int ow, int positions) {
        boolean pointwise = spec.kernelH() == 1 && spec.kernelW() == 1 && spec.strideH() == 1
                && spec.strideW() == 1 && spec.padH() == 0 && spec.padW() == 0;
        return !pointwise && of(spec, w, oh, ow, positions).size() <= LIMIT;
    }

    long size() {
        return (long) channels * rows * rowLength;
    }

    int plane() {
        return rows * rowLength;
    }

    /**
     * Where filter tap {@code k} (input channel, row, column, in PyTorch's weight order) of the
     * window's first output position reads, relative to the window's start.
     */
    int tapOffset(int k, Conv2dSpec spec) {
        int kh = spec.kernelH(), kw = spec.kernelW();
        return k / (kh * kw) * plane() + k % (kh * kw) / kw * rowLength + k % kw;
    }

    /**
     * Copies into {@code window} the {@code count} padded input rows from padded row {@code firstRow}
     * of this window's channels, from channel {@code channel0} of {@code x} ({@code [.., h, w]} planes).
     */
    void fill(float[] x, int channel0, int h, int w, Conv2dSpec spec, int firstRow, int count, float[] window) {
        int ph = spec.padH(), pw = spec.padW();
        for (int c = 0; c < channels; c++) {
            int source = (channel0 + c) * h * w;
            for (int r = 0; r < count; r++) {
                int d = c * plane() + r * rowLength, row = firstRow + r - ph;
                if (row < 0 || row >= h) {
                    Arrays.fill(window, d, d + rowLength, 0f);
                } else {
                    Arrays.fill(window, d, d + pw, 0f);
                    System.arraycopy(x, source + row * w, window, d + pw, w);
                    Arrays.fill(window, d + pw + w, d + rowLength, 0f);
                }
            }
        }
    }
}
