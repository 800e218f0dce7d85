package io.cnnstream.engine.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

/** Decodes hold at most the decode memory at once; one image at most half of it, refused before allocation if more. */
class DecodeMemoryTest {
    private static final long MIB = 1 << 20;

    @Test
    void anImageThatNeedsMoreThanHalfTheDecodeMemoryIsRefusedBeforeItsPixelsAreAllocated() throws Exception {
        // 4000 x 4000 8-bit RGB: 16 Mpx x (3 bytes decoded + 3 as RGB) = 92 MiB, more than 64 / 2
        ImageDecoder decoder = new ImageDecoder(new ImageLimits(20 * MIB, 40_000_000, Duration.ofSeconds(5), 64 * MIB));
        ImageRejectedException e = assertThrows(ImageRejectedException.class, () -> decoder.decode(png(4000, 4000, BufferedImage.TYPE_3BYTE_BGR)));
        assertEquals(ImageRejectedException.Reason.TOO_MANY_PIXELS, e.reason());
        assertTrue(e.getMessage().contains("needs 92 MiB to decode (3 bytes a pixel as decoded, 3 as RGB), more than the 32 MiB"),
                e.getMessage());
        // with alpha the raster takes 4 bytes a pixel: 2000 x 2000 is 27 MiB, within 32
        assertEquals(2000, new ImageDecoder(new ImageLimits(20 * MIB, 40_000_000, Duration.ofSeconds(5), 64 * MIB))
                .decode(png(2000, 2000, BufferedImage.TYPE_4BYTE_ABGR)).width());
    }

    @Test
    void reservationsBeyondTheBudgetWaitForEachOther() throws Exception {
        DecodeMemory memory = new DecodeMemory(100 * MIB);
        AtomicInteger holding = new AtomicInteger(), most = new AtomicInteger();
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                done.add(threads.submit(() -> {
                    try (DecodeMemory.Reservation held = memory.reserve(40 * MIB)) { // two fit, a third waits
                        most.accumulateAndGet(holding.incrementAndGet(), Math::max);
                        Thread.sleep(20);
                        holding.decrementAndGet();
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }
        assertTrue(most.get() <= 2, most + " reservations of 40 MiB held a budget of 100 MiB at once");
    }

    private static byte[] png(int width, int height, int type) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(width, height, type), "png", out);
        return out.toByteArray();
    }
}
