package io.reclaimer.reports;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Instant;

/**
 * The weekly report's metrics: e-mails sent and failed, and when a run last delivered everything (an
 * alert fires when that is older than the schedule allows).
 */
public final class ReportMetrics {

    private final Counter emails;
    private final Gauge lastSuccess;

    private ReportMetrics(PrometheusRegistry registry) {
        emails = Counter.builder().name("reclaimer_report_emails_total")
                .help("Weekly report e-mails by outcome (sent, failed)").labelNames("outcome").register(registry);
        lastSuccess = Gauge.builder().name("reclaimer_report_last_success_timestamp_seconds")
                .help("Unix time of the last report run that delivered every e-mail").register(registry);
        emails.labelValues("sent");
        emails.labelValues("failed");
    }

    public static ReportMetrics register(PrometheusRegistry registry) {
        return new ReportMetrics(registry);
    }

    /** Metrics nobody scrapes, for one-shot runs. */
    public static ReportMetrics unregistered() {
        return new ReportMetrics(new PrometheusRegistry());
    }

    void sent() {
        emails.labelValues("sent").inc();
    }

    void failed() {
        emails.labelValues("failed").inc();
    }

    void succeededAt(Instant at) {
        lastSuccess.set(at.toEpochMilli() / 1000.0);
    }
}
