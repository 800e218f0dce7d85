package io.cnnstream.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.spi.FilterReply;

import org.junit.jupiter.api.Test;

class KnownBrokerNoiseTest {
    private final KnownBrokerNoise filter = new KnownBrokerNoise();
    private final Logger logger = new LoggerContext().getLogger("org.apache.kafka.clients.NetworkClient");

    @Test
    void dropsOnlyTheTwoBenignWarnings() {
        assertEquals(FilterReply.DENY, decide("[NodeToControllerChannelManager id=0 name=registration] Attempting to "
                + "close NetworkClient that has already been closed."));
        assertEquals(FilterReply.DENY, decide("[QuorumController id=0] Performing controller activation. The metadata "
                + "log appears to be empty. Appending 6 bootstrap record(s) in metadata transaction"));
        assertEquals(FilterReply.NEUTRAL, decide("[Consumer clientId=x] Connection to node 1 could not be established."));
        assertEquals(FilterReply.NEUTRAL, decide("[QuorumController id=0] Something else went wrong"));
    }

    private FilterReply decide(String message) {
        return filter.decide(new LoggingEvent(Logger.class.getName(), logger, Level.WARN, message, null, null));
    }
}
