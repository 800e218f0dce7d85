package io.cnnstream.engine.kernel.simd;

/**
 * A 3x3 convolution's filters in the Winograd F(2x2, 3x3) domain, {@code U = G g G^T} (4x4 per output
 * and input channel), as 16 A operands of {@link MicroKernel}: for each of the 16 positions, the
 * {@code [outC, inC]} matrix cut into {@link MicroKernel#MR}-row panels stored k-major, zero-padded.
 * Computed once per weight tensor (Lavin and Gray, "Fast Algorithms for Convolutional Neural
 * Networks", 2015).
 */
record WinogradFilters(int rows, int depth, int panels, float[] data) {

    /** Every group's filters: weight {@code [outC, inC/groups, 3, 3]}, group g's output channels in one element each. */
    static WinogradFilters[] transform(float[] weight, int outC, int inPerGroup, int groups) {
        WinogradFilters[] perGroup = new WinogradFilters[groups];
        int outPerGroup = outC / groups, size = outPerGroup * inPerGroup * 9;
        for (int g = 0; g < groups; g++) {
            perGroup[g] = transform(java.util.Arrays.copyOfRange(weight, g * size, (g + 1) * size), outPerGroup, inPerGroup);
        }
        return perGroup;
    }

    static WinogradFilters transform(float[] weight, int outC, int inC) {
        int panels = (outC + MicroKernel.MR - 1) / MicroKernel.MR;
        float[] data = new float[16 * panels * inC * MicroKernel.MR];
        float[] u = new float[16];
        for (int oc = 0; oc < outC; oc++) {
            for (int ic = 0; ic < inC; ic++) {
                filter(weight, (oc * inC + ic) * 9, u);
                int panel = oc / MicroKernel.MR, lane = oc % MicroKernel.MR;
                for (int xi = 0; xi < 16; xi++) {
                    data[offset(xi, panel, panels, inC) + ic * MicroKernel.MR + lane] = u[xi];
                }
            }
        }
        return new WinogradFilters(outC, inC, panels, data);
    }

    /** Where panel {@code panel} of position {@code xi} starts; depth k's rows are at {@code + k * MR}. */
    int offset(int xi, int panel) {
        return offset(xi, panel, panels, depth);
    }

    private static int offset(int xi, int panel, int panels, int depth) {
        return (xi * panels + panel) * depth * MicroKernel.MR;
    }

    /** {@code u = G g G^T} with {@code G = [[1, 0, 0], [1/2, 1/2, 1/2], [1/2, -1/2, 1/2], [0, 0, 1]]}. */
    private static void filter(float[] g, int at, float[] u) {
        float[] t = new float[12]; // G g: 4x3 (once per filter, when the weights are first used)
        for (int j = 0; j < 3; j++) {
            float g0 = g[at + j], g1 = g[at + 3 + j], g2 = g[at + 6 + j];
            t[j] = g0;
            t[3 + j] = 0.5f * (g0 + g1 + g2);
            t[6 + j] = 0.5f * (g0 - g1 + g2);
            t[9 + j] = g2;
        }
        for (int i = 0; i < 4; i++) { // (G g) G^T: 4x4
            float t0 = t[3 * i], t1 = t[3 * i + 1], t2 = t[3 * i + 2];
            u[4 * i] = t0;
            u[4 * i + 1] = 0.5f * (t0 + t1 + t2);
            u[4 * i + 2] = 0.5f * (t0 - t1 + t2);
            u[4 * i + 3] = t2;
        }
    }
}
