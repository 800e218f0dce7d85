package io.cnnstream.demo.chaos;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One service instance as its own JVM (the executable jar, as {@code bin/service} runs it), seen from outside by its actuator. */
final class ServiceInstance extends ChildProcess {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final Pattern IN_FLIGHT = Pattern.compile("(?m)^cnnstream_records_in_flight\\{[^}]*} ([0-9.eE+-]+)$");

    private final int port;

    ServiceInstance(String name, List<String> command, int port, Path logDir) {
        super(name, command, logDir);
        this.port = port;
    }

    private static final Pattern GENERATION = Pattern.compile("generationId=([0-9]+)");

    /** The highest consumer-group generation its consumer has logged (Kafka's coordinator logs each join), 0 if none. */
    int maxGeneration() throws IOException {
        Matcher m = GENERATION.matcher(java.nio.file.Files.readString(log));
        int max = 0;
        while (m.find()) {
            max = Math.max(max, Integer.parseInt(m.group(1)));
        }
        return max;
    }

    /** Readiness as Kubernetes probes it: HTTP 200, not a refused connection or 503. */
    boolean ready() throws InterruptedException {
        return alive() && get("/actuator/health/readiness").status == 200;
    }

    /** The {@code cnnstream_records_in_flight} gauge, 0 when it cannot be read. */
    int recordsInFlight() throws InterruptedException {
        Response metrics = get("/actuator/prometheus");
        Matcher m = IN_FLIGHT.matcher(metrics.body);
        return metrics.status == 200 && m.find() ? (int) Double.parseDouble(m.group(1)) : 0;
    }

    private record Response(int status, String body) {
    }

    private Response get(String path) throws InterruptedException {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body());
        } catch (ConnectException | HttpTimeoutException e) { // not listening (yet, or any more): not ready
            return new Response(0, "");
        } catch (IOException e) {
            return new Response(0, e.toString());
        }
    }
}
