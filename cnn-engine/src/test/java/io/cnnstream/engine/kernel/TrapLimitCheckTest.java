package io.cnnstream.engine.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class TrapLimitCheckTest {
    @Test
    void jdk17WithTheDefaultLimitIsToldWhichOptionToSet() {
        String warning = TrapLimitCheck.warning(17, "100").orElseThrow();
        assertTrue(warning.contains("-XX:PerMethodTrapLimit=10000"), warning);
        assertTrue(warning.contains("PerMethodTrapLimit=100)"), warning);
    }

    @Test
    void jdk17WithTheRaisedLimitIsNotWarned() {
        assertEquals(Optional.empty(), TrapLimitCheck.warning(17, "10000"));
    }

    @Test
    void jdk25IsNotWarnedWhateverTheLimit() {
        assertEquals(Optional.empty(), TrapLimitCheck.warning(25, "100"));
    }

    @Test
    void theTestJvmHasTheOptionSoIsNotWarned() {
        // the root pom's surefire argLine sets -XX:PerMethodTrapLimit=10000, as bin/cnn does
        assertEquals(Optional.empty(), TrapLimitCheck.warning());
    }
}
