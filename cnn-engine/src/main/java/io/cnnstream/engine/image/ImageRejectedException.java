package io.cnnstream.engine.image;

/**
 * An image that was not decoded, with a typed {@link Reason} (a short, stable name fit for a metric
 * tag or a dead-letter header) and a message that says what was wrong with this file.
 */
public final class ImageRejectedException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why an image was refused. */
    public enum Reason {
        /** Zero bytes. */
        EMPTY("empty"),
        /** More encoded bytes than the limit. */
        TOO_LARGE("too-large"),
        /** The header declares more pixels than the limit. */
        TOO_MANY_PIXELS("too-many-pixels"),
        /** The first bytes match no known image format. */
        UNKNOWN_FORMAT("unknown-format"),
        /** A known format that no installed decoder (or decoder option) handles. */
        UNSUPPORTED("unsupported"),
        /** Truncated or corrupt data. */
        MALFORMED("malformed"),
        /** Decoding took longer than the limit. */
        TIMEOUT("timeout");

        private final String tag;

        Reason(String tag) {
            this.tag = tag;
        }

        /** The lower-case name used in metrics, headers and JSON. */
        public String tag() {
            return tag;
        }
    }

    private final Reason reason;

    public ImageRejectedException(Reason reason, String message) {
        super(reason.tag() + ": " + message);
        this.reason = reason;
    }

    public ImageRejectedException(Reason reason, String message, Throwable cause) {
        super(reason.tag() + ": " + message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
