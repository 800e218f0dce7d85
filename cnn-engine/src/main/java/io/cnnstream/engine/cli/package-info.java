/**
 * The {@code cnn} command line ({@code bin/cnn}): parses arguments, classifies through
 * {@code api} like the service does, summarises and measures through {@code model} and {@code bench},
 * prints text or JSON. Errors are one line on stderr with exit status 2.
 */
package io.cnnstream.engine.cli;
