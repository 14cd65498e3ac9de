package io.reclaimer.app.report;

import io.reclaimer.reports.DirectoryDelivery;
import io.reclaimer.reports.KafkaReportSource;
import io.reclaimer.reports.ReportConfig;
import io.reclaimer.reports.ReportDelivery;
import io.reclaimer.reports.ReportMetrics;
import io.reclaimer.reports.SmtpDelivery;
import io.reclaimer.reports.WeeklyReportJob;
import io.reclaimer.model.kafka.KafkaClientSettings;
import io.reclaimer.model.topics.Topics;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** Wires the weekly report job of the actions module to Kafka and to SMTP or a directory. */
public final class WeeklyReports {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private WeeklyReports() {
    }

    /** A job reading the state from {@code kafka}; writes into {@code outputDir} when given, else sends. */
    public static WeeklyReportJob job(ReportConfig config, KafkaClientSettings kafka, Topics topics, Path outputDir,
                                      ReportMetrics metrics) {
        ReportDelivery delivery = outputDir == null ? new SmtpDelivery(config) : new DirectoryDelivery(outputDir);
        return new WeeklyReportJob(config, new KafkaReportSource(kafka, topics, READ_TIMEOUT), delivery,
                Clock.systemUTC(), metrics);
    }
}
