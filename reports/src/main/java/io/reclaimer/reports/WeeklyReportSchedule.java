package io.reclaimer.reports;

import com.cronutils.model.time.ExecutionTime;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the weekly report on its cron schedule ({@code report.schedule} in {@code report.timeZone}, cron-utils).
 * Each run is scheduled for the next execution time after the previous one, so a slow run or a clock jump
 * never makes two runs overlap or fire twice for one slot. A failed run is remembered for the health check
 * and the next slot runs as usual.
 */
public final class WeeklyReportSchedule implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WeeklyReportSchedule.class);

    private final ExecutionTime executionTime;
    private final java.time.ZoneId zone;
    private final Clock clock;
    private final Runnable job;
    private final ScheduledExecutorService executor;
    private final AtomicReference<ZonedDateTime> next = new AtomicReference<>();
    private final AtomicReference<String> lastFailure = new AtomicReference<>("");
    private volatile ScheduledFuture<?> pending;
    private volatile boolean closed;

    public WeeklyReportSchedule(ReportConfig config, Clock clock, Runnable job) {
        this.executionTime = ExecutionTime.forCron(config.cron());
        this.zone = config.zone();
        this.clock = clock;
        this.job = job;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "weekly-report");
            t.setDaemon(true);
            return t;
        });
    }

    /** The schedule running a report job that delivers to the routed recipients. */
    public static WeeklyReportSchedule of(ReportConfig config, Clock clock, WeeklyReportJob job) {
        return new WeeklyReportSchedule(config, clock, () -> {
            WeeklyReportJob.Outcome outcome = job.run(List.of());
            if (!outcome.failed().isEmpty()) {
                throw new IllegalStateException(outcome.failed().size() + " report deliveries failed: " + outcome.failed());
            }
        });
    }

    /** The first execution strictly after {@code after}. */
    public Optional<ZonedDateTime> nextAfter(ZonedDateTime after) {
        return executionTime.nextExecution(after.withZoneSameInstant(zone));
    }

    public synchronized void start() {
        scheduleAfter(ZonedDateTime.now(clock).withZoneSameInstant(zone));
    }

    private synchronized void scheduleAfter(ZonedDateTime after) {
        if (closed) {
            return;
        }
        Optional<ZonedDateTime> at = nextAfter(after);
        if (at.isEmpty()) {
            LOG.warn("weekly report: the schedule has no next execution after {}", after);
            return;
        }
        next.set(at.get());
        long delay = Math.max(0, Duration.between(ZonedDateTime.now(clock), at.get()).toMillis());
        LOG.info("weekly report: next run at {}", at.get());
        pending = executor.schedule(() -> runAndReschedule(at.get()), delay, TimeUnit.MILLISECONDS);
    }

    private void runAndReschedule(ZonedDateTime slot) {
        try {
            job.run();
            lastFailure.set("");
        } catch (RuntimeException e) {
            lastFailure.set(slot + ": " + e.getMessage());
            LOG.error("weekly report run of {} failed: {}", slot, e.getMessage(), e);
        }
        // the next slot after the one that just ran, even if the run ended past it: never twice for one slot
        ZonedDateTime now = ZonedDateTime.now(clock).withZoneSameInstant(zone);
        scheduleAfter(now.isAfter(slot) ? now : slot);
    }

    /** When the next run is due, once started. */
    public Optional<ZonedDateTime> nextRun() {
        return Optional.ofNullable(next.get());
    }

    /** The last run's failure, empty when it succeeded (or nothing ran yet). */
    public String lastFailure() {
        return lastFailure.get();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (pending != null) {
            pending.cancel(false);
        }
        executor.shutdownNow();
    }
}
