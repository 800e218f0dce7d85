package io.cnnstream.engine.api;

import io.cnnstream.engine.image.ImageRejectedException;

/** Why an input was not classified: a short, stable name fit for a metric tag or a dead-letter header. */
public enum Rejection {
    /** No bytes. */
    EMPTY("empty"),
    /** More encoded bytes than the limit. */
    TOO_LARGE("too-large"),
    /** The image header declares more pixels than the limit. */
    TOO_MANY_PIXELS("too-many-pixels"),
    /** The first bytes match no known image format. */
    UNKNOWN_FORMAT("unknown-format"),
    /** A known format no installed decoder handles, or an image given to a model that takes tensors only. */
    UNSUPPORTED("unsupported"),
    /** Truncated or corrupt image data. */
    MALFORMED("malformed"),
    /** Decoding took longer than the limit. */
    TIMEOUT("timeout"),
    /** A tensor whose shape or byte count is not the model's input. */
    WRONG_SHAPE("wrong-shape"),
    /** Preprocessing failed through no visible fault of the input (a decoder bug): reported, never retried. */
    INTERNAL("internal");

    private final String tag;

    Rejection(String tag) {
        this.tag = tag;
    }

    /** The lower-case name used in metrics, headers and JSON. */
    public String tag() {
        return tag;
    }

    static Rejection of(ImageRejectedException.Reason reason) {
        return switch (reason) {
            case EMPTY -> EMPTY;
            case TOO_LARGE -> TOO_LARGE;
            case TOO_MANY_PIXELS -> TOO_MANY_PIXELS;
            case UNKNOWN_FORMAT -> UNKNOWN_FORMAT;
            case UNSUPPORTED -> UNSUPPORTED;
            case MALFORMED -> MALFORMED;
            case TIMEOUT -> TIMEOUT;
        };
    }
}
