package io.cnnstream.demo;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.filter.Filter;
import ch.qos.logback.core.spi.FilterReply;

import java.util.List;

/**
 * Drops the two warnings every run of the in-JVM broker logs although nothing is wrong: the
 * controller's note that a new cluster's metadata log is empty, and a client closed twice at
 * shutdown. Matched by their exact opening words, so every other warning still shows.
 */
public final class KnownBrokerNoise extends Filter<ILoggingEvent> {
    private static final List<String> BENIGN = List.of(
            "[QuorumController id=0] Performing controller activation. The metadata log appears to be empty.",
            "Attempting to close NetworkClient that has already been closed.");

    @Override
    public FilterReply decide(ILoggingEvent event) {
        String message = event.getFormattedMessage();
        for (String benign : BENIGN) {
            if (message != null && (message.startsWith(benign) || message.endsWith(benign))) {
                return FilterReply.DENY;
            }
        }
        return FilterReply.NEUTRAL;
    }
}
