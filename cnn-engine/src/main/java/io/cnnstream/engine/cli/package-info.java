/**
 * The {@code cnn} command line ({@code bin/cnn}): parses arguments, calls the {@code api} and
 * {@code model} packages, prints text or JSON. Errors are one line on stderr with exit status 2.
 */
package io.cnnstream.engine.cli;
