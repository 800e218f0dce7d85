package io.cnnstream.demo.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A process of the fault suite (the broker, a service instance), its output in a log file that the
 * suite prints the end of when something goes wrong. {@link #kill} is SIGKILL: nothing of the
 * process runs after it, no shutdown hook, no flush.
 */
class ChildProcess {
    final String name;
    private final List<String> command;
    final Path log;
    private Process process;
    private int starts;

    ChildProcess(String name, List<String> command, Path logDir) {
        this.name = name;
        this.command = command;
        this.log = logDir.resolve(name + ".log");
    }

    void start() throws IOException {
        starts++;
        Files.writeString(log, "---- start " + starts + ": " + String.join(" ", command) + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL, and waits until it is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /** SIGTERM (a graceful stop), and waits for it at most {@code seconds}, then kills. */
    void stop(int seconds) throws InterruptedException {
        if (!alive()) {
            return;
        }
        process.destroy();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            kill();
        }
    }

    /** The last lines of its log, for a report of what went wrong. */
    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** How often {@code text} begins a line of its log (over all its starts). */
    int occurrences(String text) throws IOException {
        if (!Files.exists(log)) {
            return 0; // not started yet
        }
        return (int) Files.readAllLines(log).stream().filter(l -> l.startsWith(text)).count();
    }
}
