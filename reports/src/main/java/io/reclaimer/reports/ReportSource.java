package io.reclaimer.reports;

/** Where the report's current state comes from; {@link KafkaReportSource} reads it from the topics. */
@FunctionalInterface
interface ReportSource {

    ReportInputs load();
}
