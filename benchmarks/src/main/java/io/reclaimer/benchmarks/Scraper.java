package io.reclaimer.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Scrapes the instance's {@code /metrics} over HTTP as Prometheus does: every {@code interval} in the background while
 * the load runs, and on demand. The first scrape of a JVM runs the exporter's code (building, validating and writing
 * each labelled series) before the JIT has compiled it; a Prometheus scrapes its targets every 15-60 s for their
 * whole life, so that one is reported apart and {@link #slowestSeconds()} is the slowest of the others.
 */
final class Scraper implements AutoCloseable {

    private final HttpClient client = HttpClient.newHttpClient();
    private final URI uri;
    private final ScheduledExecutorService background = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-prometheus-scraper");
        t.setDaemon(true);
        return t;
    });
    private final List<Double> seconds = new ArrayList<>();
    private long series;
    private volatile Exception failure;

    Scraper(int port, Duration interval) {
        this.uri = URI.create("http://127.0.0.1:" + port + "/metrics");
        background.scheduleWithFixedDelay(() -> {
            try {
                scrape();
            } catch (Exception e) {
                failure = e;
            }
        }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** GET /metrics once; the number of series in the answer (lines that are samples). */
    synchronized long scrape() throws Exception {
        long begin = System.nanoTime();
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(1)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("/metrics answered " + response.statusCode());
        }
        seconds.add((System.nanoTime() - begin) / 1e9);
        series = response.body().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).count();
        return series;
    }

    synchronized long series() {
        return series;
    }

    /** The slowest scrape after the first, or the first when it is the only one. */
    synchronized double slowestSeconds() {
        return seconds.stream().skip(seconds.size() > 1 ? 1 : 0).mapToDouble(Double::doubleValue).max().orElse(0);
    }

    /** For people: how many scrapes, the first one's time, and every time in order. */
    synchronized String summary() {
        return String.format(Locale.ROOT, "%d scrapes of %,d series: the first (cold code) %.3f s, the slowest after it "
                + "%.3f s; all: %s", seconds.size(), series, seconds.isEmpty() ? 0 : seconds.get(0), slowestSeconds(),
                seconds.stream().map(s -> String.format(Locale.ROOT, "%.3f", s)).collect(Collectors.joining(", ")));
    }

    /** Stops the background scrapes; fails if one of them failed. */
    @Override
    public void close() throws Exception {
        background.shutdownNow();
        background.awaitTermination(1, TimeUnit.MINUTES);
        if (failure != null) {
            throw failure;
        }
    }
}
