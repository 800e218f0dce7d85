package io.cnnstream.engine.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Option values the commands share, each refused with a message that says what was expected. */
final class Converters {
    private Converters() {
    }

    /** A positive integer ({@code 8}); lists such as {@code 1,8,32} split before conversion. */
    static final class PositiveInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            try {
                int n = Integer.parseInt(value.trim());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // the message below says what was expected
            }
            throw new TypeConversionException("'" + value + "' is not a positive integer");
        }
    }

    /** A positive number of seconds ({@code 3}, {@code 0.5}), at most a day. */
    static final class Seconds implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                double seconds = Double.parseDouble(value);
                if (seconds > 0 && seconds <= 86_400) {
                    return Duration.ofNanos((long) (seconds * 1e9));
                }
            } catch (NumberFormatException e) {
                // the message below says what was expected
            }
            throw new TypeConversionException("'" + value + "' is not a positive number of seconds (at most a day)");
        }
    }

    /** An existing, readable regular file. */
    static final class ReadableFile implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path p = Path.of(value);
            if (Files.isDirectory(p)) {
                throw new TypeConversionException(p + " is a directory, not a file");
            }
            if (!Files.exists(p)) {
                throw new TypeConversionException("no such file " + p);
            }
            if (!Files.isReadable(p)) {
                throw new TypeConversionException(p + " is not readable (permission denied)");
            }
            return p;
        }
    }
}
