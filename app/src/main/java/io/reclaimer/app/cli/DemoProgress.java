package io.reclaimer.app.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The demo's one status line: the history being simulated, the analysis catching up, the time left. On a
 * terminal it is rewritten in place every second; elsewhere (a pipe, a CI log) a line is printed every 15
 * seconds. The line is computed from two readings by {@link #line}, a pure function.
 */
final class DemoProgress implements AutoCloseable {

    /** One reading: history sent (0..1), the analysis' lag in records, whether it runs, wall time, time to stop. */
    record Reading(double history, long lag, boolean analysisRunning, long nanos, Duration untilStop) {
    }

    private final PrintWriter out;
    private final Supplier<Reading> read;
    private final boolean terminal;
    private final Thread thread;
    private volatile boolean stopped;
    private int lastLength;

    DemoProgress(PrintWriter out, Supplier<Reading> read, boolean terminal) {
        this.out = out;
        this.read = read;
        this.terminal = terminal;
        this.thread = new Thread(this::loop, "reclaimer-demo-progress");
        this.thread.setDaemon(true);
    }

    DemoProgress start() {
        thread.start();
        return this;
    }

    private void loop() {
        Reading previous = null;
        long lastPrinted = 0;
        long period = terminal ? 1_000_000_000L : 15_000_000_000L;
        while (!stopped) {
            Reading now;
            try {
                now = read.get();
            } catch (RuntimeException e) {
                now = null; // the broker is starting or stopping: try again at the next tick
            }
            if (now != null && (previous == null || now.nanos() - lastPrinted >= period)) {
                print(line(previous, now));
                lastPrinted = now.nanos();
            }
            previous = now == null ? previous : now;
            try {
                Thread.sleep(1000); // a status line, not a synchronisation
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void print(String line) {
        if (stopped) {
            return;
        }
        if (terminal) {
            out.print("\r" + line + " ".repeat(Math.max(0, lastLength - line.length())));
            lastLength = line.length();
        } else {
            out.println(line);
        }
        out.flush();
    }

    /** What the demo is doing, from the previous reading (null at the first) and this one. */
    static String line(Reading previous, Reading now) {
        StringBuilder line = new StringBuilder();
        double elapsed = previous == null ? 0 : (now.nanos() - previous.nanos()) / 1e9;
        Long secondsLeft = null;
        if (now.history() < 1) {
            line.append(String.format(Locale.ROOT, "simulating history %3.0f%%", Math.floor(now.history() * 100)));
            if (previous != null && elapsed > 0 && now.history() > previous.history()) {
                double rate = (now.history() - previous.history()) / elapsed;
                secondsLeft = Math.round((1 - now.history()) / rate);
            }
            line.append(String.format(Locale.ROOT, " · analysis %,d records behind", now.lag()));
        } else if (now.lag() > 0 || !now.analysisRunning()) {
            line.append(String.format(Locale.ROOT, "history sent · analysis catching up: %,d records behind", now.lag()));
            if (previous != null && elapsed > 0 && now.lag() < previous.lag()) {
                double drained = (previous.lag() - now.lag()) / elapsed;
                line.append(String.format(Locale.ROOT, " at %,.0f/s", drained));
                secondsLeft = Math.round(now.lag() / drained);
            }
        } else {
            line.append("analysis caught up · live simulated fleet");
        }
        if (secondsLeft != null) {
            line.append(" · about ").append(io.reclaimer.model.time.Durations.inOneUnit(Duration.ofSeconds(Math.max(1, secondsLeft))))
                    .append(" left");
        }
        if (now.untilStop() != null) {
            line.append(" · stops in ").append(io.reclaimer.model.time.Durations.inOneUnit(
                    Duration.ofSeconds(Math.max(0, now.untilStop().toSeconds()))));
        }
        return line.toString();
    }

    @Override
    public void close() {
        synchronized (this) {
            stopped = true;
            if (terminal && lastLength > 0) {
                out.print("\r" + " ".repeat(lastLength) + "\r");
                out.flush();
            }
        }
        thread.interrupt();
    }
}
