package io.cnnstream.engine.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options, {@code --flag} switches and positional arguments of one command. */
final class Args {
    private final String command;
    private final Map<String, String> options = new HashMap<>();
    private final List<String> positional = new ArrayList<>();

    private Args(String command) {
        this.command = command;
    }

    /** Parses {@code args}, accepting only the given options (which take a value) and flags. */
    static Args parse(String command, List<String> args, Set<String> valued, Set<String> flags) {
        Args parsed = new Args(command);
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (!a.startsWith("--")) {
                parsed.positional.add(a);
            } else if (flags.contains(a)) {
                parsed.options.put(a, "true");
            } else if (valued.contains(a)) {
                if (i + 1 >= args.size()) {
                    throw new UsageException(command + ": option " + a + " needs a value");
                }
                parsed.options.put(a, args.get(++i));
            } else {
                throw new UsageException(command + ": unknown option " + a);
            }
        }
        return parsed;
    }

    List<String> positional() {
        return positional;
    }

    boolean flag(String name) {
        return options.containsKey(name);
    }

    String optional(String name) {
        return options.get(name);
    }

    String required(String name) {
        String v = options.get(name);
        if (v == null) {
            throw new UsageException(command + ": missing required option " + name);
        }
        return v;
    }

    int positiveInt(String name, int fallback) {
        String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(v);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": " + name + " must be a positive integer, got '" + v + "'");
        }
    }

    /** A positive number of seconds ({@code 3}, {@code 0.5}), or {@code fallback} when absent. */
    java.time.Duration positiveSeconds(String name, java.time.Duration fallback) {
        String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            double seconds = Double.parseDouble(v);
            if (!(seconds > 0) || seconds > 86_400) {
                throw new NumberFormatException();
            }
            return java.time.Duration.ofNanos((long) (seconds * 1e9));
        } catch (NumberFormatException e) {
            throw new UsageException(command + ": " + name + " must be a positive number of seconds (at most a day), got '" + v + "'");
        }
    }

    /** A comma-separated list of positive integers ({@code 1,8,32}), or {@code fallback} when absent. */
    List<Integer> positiveInts(String name, List<Integer> fallback) {
        String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        List<Integer> values = new java.util.ArrayList<>();
        for (String part : v.split(",", -1)) {
            try {
                int n = Integer.parseInt(part.trim());
                if (n < 1) {
                    throw new NumberFormatException();
                }
                values.add(n);
            } catch (NumberFormatException e) {
                throw new UsageException(command + ": " + name + " must be positive integers separated by commas, got '" + v + "'");
            }
        }
        return values;
    }

    /** An existing, readable regular file named by option {@code name}. */
    Path readableFile(String name) {
        Path p = Path.of(required(name));
        if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
            throw new UsageException(command + ": " + name + " " + p + " is not a readable file");
        }
        return p;
    }
}
