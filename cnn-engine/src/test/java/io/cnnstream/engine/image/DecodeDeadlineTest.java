package io.cnnstream.engine.image;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

import org.junit.jupiter.api.Test;

class DecodeDeadlineTest {

    @Test
    void aReadPastItsDeadlineIsStoppedFromTheReadingThread() throws IOException {
        for (String name : new String[] {"dog.jpg", "chelsea.png"}) {
            DecodeDeadline deadline = new DecodeDeadline(Duration.ofNanos(1));
            read(name, deadline);
            assertTrue(deadline.passed(), name);
            assertTrue(deadline.readAborted(), name + ": the reader did not report stopping");
        }
    }

    @Test
    void aReadWithinItsDeadlineIsLeftAlone() throws IOException {
        DecodeDeadline deadline = new DecodeDeadline(Duration.ofMinutes(5));
        assertNotNull(read("dog.jpg", deadline));
        assertFalse(deadline.passed());
        assertFalse(deadline.readAborted());
    }

    private static Object read(String sample, DecodeDeadline deadline) throws IOException {
        byte[] data = ImageFiles.read(ImageFiles.SAMPLES.resolve(sample));
        try (ImageInputStream in = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            try {
                reader.setInput(in, true, false);
                reader.addIIOReadProgressListener(deadline);
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        }
    }
}
