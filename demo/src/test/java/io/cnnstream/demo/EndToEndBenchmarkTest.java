package io.cnnstream.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/**
 * The benchmark's smoke run, two instances in one group over two partitions: correctness only (every
 * record answered once, dead letters counted), never speed.
 */
class EndToEndBenchmarkTest {

    @TempDir
    Path dir;

    @Test
    void everyRecordComesBackAsAResultOrADeadLetter() throws Exception {
        String out = run("bench", "--records", "24", "--batch", "8", "--partitions", "2", "--bad-share", "0.25",
                "--size", "224", "--samples", "../samples/images", "--json", "--plots", dir.toString(),
                "--delivery", "at-least-once,exactly-once", "--instances", "2", "--threads", "1");
        assertTrue(out.contains("records answered (results + dead letters)                24 of 24"), out);
        assertTrue(out.contains("\"answered\":24,\"duplicates\":0,\"deadLetters\""), out);
        assertTrue(out.contains("\"delivery\":\"exactly-once\""), "both modes ran: " + out);
        assertTrue(out.contains("exactly-once / at-least-once throughput"), out);
        assertTrue(out.matches("(?s).*\"deadLetters\":[1-9].*"), "some records were undecodable: " + out);
        assertTrue(out.contains("instance bench-2"), "a second instance joined the group: " + out);
        for (String plot : new String[] {"throughput", "latency", "batches", "group"}) {
            BufferedImage png = ImageIO.read(dir.resolve("backlog-224-x2-" + plot + ".png").toFile());
            assertEquals(720, png.getWidth(), plot);
            assertEquals(360, png.getHeight(), plot);
        }
    }

    private static String run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int status = assertTimeoutPreemptively(Duration.ofMinutes(3), () -> new CommandLine(new Demo()).execute(args));
            assertEquals(0, status, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        original.print(out);
        return out;
    }
}
