/**
 * The {@code cnn} command line ({@code bin/cnn}): picocli commands that classify through {@code api}
 * like the service does, and summarise and measure through {@code model} and {@code bench}, printing
 * text or JSON. Errors are one line on stderr with exit status 2.
 */
package io.cnnstream.engine.cli;
