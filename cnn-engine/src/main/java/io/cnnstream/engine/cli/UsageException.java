package io.cnnstream.engine.cli;

/** Something the user asked for that cannot be done; printed as one line, exit status 2. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
