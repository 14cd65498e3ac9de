package io.reclaimer.reports;

import jakarta.mail.internet.MimeMessage;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of the weekly report: load the current state, build a report per recipient, render, compose and
 * deliver each. A delivery that fails is logged and the others still go out; the run then fails naming
 * how many did not.
 */
public final class WeeklyReportJob {

    private static final Logger LOG = LoggerFactory.getLogger(WeeklyReportJob.class);

    private final ReportConfig config;
    private final ReportSource source;
    private final ReportDelivery delivery;
    private final Clock clock;
    private final ReportBuilder builder;
    private final ReportRenderer renderer;
    private final ReportMetrics metrics;

    public WeeklyReportJob(ReportConfig config, ReportSource source, ReportDelivery delivery, Clock clock) {
        this(config, source, delivery, clock, ReportMetrics.unregistered());
    }

    public WeeklyReportJob(ReportConfig config, ReportSource source, ReportDelivery delivery, Clock clock,
                           ReportMetrics metrics) {
        this.metrics = metrics;
        this.config = config;
        this.source = source;
        this.delivery = delivery;
        this.clock = clock;
        this.builder = new ReportBuilder(config);
        this.renderer = new ReportRenderer(config);
    }

    /** What one run did: a line per delivery. */
    public record Outcome(List<String> delivered, List<String> failed) {
    }

    /** Builds and delivers the reports; {@code overrideRecipients} sends only the fleet report, to them. */
    public Outcome run(List<String> overrideRecipients) {
        Instant now = clock.instant();
        ReportInputs inputs = source.load();
        List<WeeklyReport> reports = builder.build(inputs, now, overrideRecipients);
        if (reports.isEmpty()) {
            LOG.warn("weekly report: nobody to send it to (no owner e-mails found and report.defaultRecipients is empty)");
        }
        List<String> delivered = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (WeeklyReport report : reports) {
            try {
                RenderedReport rendered = renderer.render(report);
                MimeMessage message = ReportMessages.compose(delivery.session(), config.from(), rendered, now);
                String where = delivery.deliver(message, rendered);
                delivered.add(where);
                metrics.sent();
                LOG.info("weekly report for {}: {}", report.scope(), where);
            } catch (RuntimeException e) {
                failed.add(report.scope() + ": " + e.getMessage());
                metrics.failed();
                LOG.error("weekly report for {} failed: {}", report.scope(), e.getMessage(), e);
            }
        }
        if (failed.isEmpty()) {
            metrics.succeededAt(now);
        }
        return new Outcome(delivered, failed);
    }
}
