package io.cnnstream.engine.kernel.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cnnstream.engine.kernel.Conv2dSpec;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

/** A task's padded input rows: how many a block of positions can need, and what the copy holds. */
class InputWindowTest {

    @Test
    void holdsTheRowsOfTheMostOutputRowsABlockCanSpan() {
        // AlexNet's first layer: 96 positions of a 55-wide output span at most 3 rows (from position 54
        // to 149), which read (3 - 1) * 4 + 11 = 19 padded input rows of 224 + 2 * 2 floats
        InputWindow alexNet = InputWindow.of(Conv2dSpec.of(3, 64, 11, 4, 2), 224, 55, 55, 96);
        assertEquals(new InputWindow(19, 228, 3), alexNet);
        assertEquals(2 * 19 * 228 + 3 * 228 + 7, alexNet.tapOffset(2 * 121 + 3 * 11 + 7, Conv2dSpec.of(3, 64, 11, 4, 2)));
        // never more output rows than the output has: a 5x5 output of 25 positions, 4 channels per group
        InputWindow small = InputWindow.of(Conv2dSpec.of(8, 8, 3, 1, 1).withGroups(2), 5, 5, 5, 96);
        assertEquals(new InputWindow(7, 7, 4), small);
    }

    @Test
    void copiesTheRowsAskedForWithZeroPaddingAroundThem() {
        // one channel of 3 rows x 2 columns, padding 1: padded rows -1..3, padded columns -1..2
        Conv2dSpec spec = Conv2dSpec.of(1, 1, 3, 1, 1);
        InputWindow window = InputWindow.of(spec, 2, 3, 2, 96);
        float[] x = {1, 2, 3, 4, 5, 6};
        float[] copy = new float[(int) window.size()];
        Arrays.fill(copy, 42f);
        window.fill(x, 0, 3, 2, spec, 0, 3, copy);
        assertArrayEquals(new float[] {0, 0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0}, Arrays.copyOf(copy, 12));
        // from padded row 2 (input row 1) to the bottom padding row; rows past those asked for keep what they held
        window.fill(x, 0, 3, 2, spec, 2, 3, copy);
        assertArrayEquals(new float[] {0, 3, 4, 0, 0, 5, 6, 0, 0, 0, 0, 0, 42, 42, 42, 42}, Arrays.copyOf(copy, 16));
    }

    @Test
    void appliesNeitherToPointwiseConvolutionsNorToWindowsTooLargeToCopy() {
        assertFalse(InputWindow.applies(Conv2dSpec.of(64, 64, 1, 1, 0), 56, 56, 56, 96));
        assertTrue(InputWindow.applies(Conv2dSpec.of(64, 64, 1, 2, 0), 56, 28, 28, 96));
        assertTrue(InputWindow.applies(Conv2dSpec.of(512, 512, 3, 2, 1), 14, 7, 7, 96));
        // 4369 channels of 15 rows of 16 floats: just under 2^20 floats, the largest window made
        assertTrue(InputWindow.applies(Conv2dSpec.of(4369, 8, 3, 2, 1), 14, 7, 7, 96));
        assertFalse(InputWindow.applies(Conv2dSpec.of(4370, 8, 3, 2, 1), 14, 7, 7, 96));
    }
}
