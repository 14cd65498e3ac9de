package io.reclaimer.reports;

import java.util.List;

/**
 * A report rendered for one delivery: subject, HTML (which refers to the chart as {@code cid:}{@link #CHART_CID}),
 * plain text, the chart as PNG and the full list as CSV.
 */
record RenderedReport(List<String> recipients, String subject, String html, String text, byte[] chartPng,
                             byte[] csv, String csvFileName) {

    public static final String CHART_CID = "waste-trend@reclaimer";

    RenderedReport {
        recipients = List.copyOf(recipients);
    }
}
