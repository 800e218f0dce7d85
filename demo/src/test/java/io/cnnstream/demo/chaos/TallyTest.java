package io.cnnstream.demo.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cnnstream.demo.Demo;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

class TallyTest {
    private static byte[] key(String k) {
        return k.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void countsLostDuplicatedAndStrangeKeys() {
        Tally tally = new Tally();
        tally.saw("t/0@1", key("k1"), 1_000);
        tally.saw("t/0@2", key("k2"), 1_100);
        tally.saw("t/0@3", key("k2"), 1_200); // a repeat, as at-least-once may give after a kill
        tally.saw("t/0@4", key("x9"), 1_300);
        Set<String> sent = Set.of("k1", "k2", "k3");

        assertEquals(List.of("k3"), tally.lost(sent));
        assertEquals(1, tally.duplicates());
        assertEquals(1, tally.strangers(sent));
        assertFalse(tally.answeredAll(sent));
        assertEquals(4, tally.answered());
    }

    @Test
    void aRecordReadAgainIsNotASecondAnswer() {
        Tally tally = new Tally();
        tally.saw("out#1/0@7", key("k1"), 1_000);
        tally.saw("out#1/0@7", key("k1"), 6_000); // the reader's group went back to its last committed offset
        tally.saw("out#2/0@7", key("k1"), 9_000); // the same offset in a recreated topic is another record

        assertEquals(1, tally.duplicates());
        assertEquals(2, tally.answered());
    }

    @Test
    void measuresTheWaitAfterAFaultFromTheFirstAnswers() {
        Tally tally = new Tally();
        tally.saw("t/0@5", key("a"), 5_000);
        tally.saw("t/0@6", key("b"), 9_000);
        tally.saw("t/0@7", key("a"), 20_000); // a later repeat does not make a's wait longer

        assertEquals(3_000, tally.nextAnswerAfter(6_000));
        assertEquals(-1, tally.nextAnswerAfter(30_000));
        assertEquals(4_500, tally.longestWait(List.of("a", "b"), Map.of("a", 4_000L, "b", 4_500L)));
        assertEquals(-1, tally.longestWait(List.of("a", "never"), Map.of("a", 4_000L, "never", 4_000L)));
        assertEquals(1_000, tally.firstAnswerOf(List.of("b"), 8_000));
    }

    @Test
    void aDeliveryModeItDoesNotKnowIsAnErrorNamingIt() {
        StringWriter err = new StringWriter();
        int status = new CommandLine(new Demo()).setErr(new PrintWriter(err)).execute("chaos", "--delivery", "twice");

        assertNotEquals(0, status);
        assertTrue(err.toString().contains("--delivery takes exactly-once or at-least-once, got 'twice'"), err.toString());
    }
}
