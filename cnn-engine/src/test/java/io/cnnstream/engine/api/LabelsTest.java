package io.cnnstream.engine.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelsTest {
    @TempDir
    Path dir;

    @Test
    void imagenetNamesAreInTorchvisionOrder() {
        Labels labels = Labels.imagenet();
        assertEquals(1000, labels.size());
        assertEquals("tench", labels.get(0));
        assertEquals("Samoyed", labels.get(258));
        assertEquals("toilet tissue", labels.get(999));
    }

    @Test
    void modelsWithOtherClassCountsDefaultToIndices() {
        Labels labels = Labels.forModel("lenet5", 10, null);
        assertEquals(10, labels.size());
        assertEquals("7", labels.get(7));
    }

    @Test
    void aLabelsFileMustNameEveryOutput() throws Exception {
        Path file = dir.resolve("labels.txt");
        Files.writeString(file, "zero\none\ntwo\n\n");
        assertEquals("two", Labels.forModel("tiny", 3, file).get(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Labels.forModel("alexnet", 1000, file));
        assertEquals("labels " + file + " have 3 names but model alexnet has 1000 outputs", e.getMessage());
    }
}
