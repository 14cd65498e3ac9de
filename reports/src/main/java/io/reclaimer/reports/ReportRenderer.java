package io.reclaimer.reports;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.loader.ClasspathLoader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a {@link WeeklyReport} with Pebble templates ({@code weekly.html.peb}, HTML-escaped, inline CSS
 * and tables only so Gmail and Outlook show it as designed; {@code weekly.txt.peb}, plain text), the
 * trend chart as PNG and the full list as CSV.
 */
final class ReportRenderer {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.US);

    private final PebbleTemplate html;
    private final PebbleTemplate text;
    private final String subjectPrefix;

    public ReportRenderer(ReportConfig config) {
        this.subjectPrefix = config.subjectPrefix();
        this.html = engine(true).getTemplate("io/reclaimer/reports/weekly.html.peb");
        this.text = engine(false).getTemplate("io/reclaimer/reports/weekly.txt.peb");
    }

    private static PebbleEngine engine(boolean escapeHtml) {
        ClasspathLoader loader = new ClasspathLoader(ReportRenderer.class.getClassLoader());
        return new PebbleEngine.Builder().loader(loader).autoEscaping(escapeHtml).strictVariables(true)
                .defaultLocale(Locale.US).newLineTrimming(false).extension(new ReportFormats()).build();
    }

    public RenderedReport render(WeeklyReport report) {
        Map<String, Object> context = new HashMap<>();
        context.put("report", report);
        context.put("chartCid", RenderedReport.CHART_CID);
        context.put("periodStart", DAY.format(report.periodStart()));
        context.put("periodEnd", DAY.format(report.periodEnd()));
        context.put("fleet", ReportBuilder.FLEET_SCOPE.equals(report.scope()));
        String subject = (subjectPrefix.isEmpty() ? "" : subjectPrefix + " ") + "Weekly cost report for "
                + report.scope() + ": " + ReportFormats.usd(report.totals().monthlyWasteUsd()) + "/month to reclaim";
        String fileName = "reclaimer-report-" + report.periodEnd() + ".csv";
        return new RenderedReport(report.recipients(), subject, evaluate(html, context), evaluate(text, context),
                TrendChart.png(report.trend()), ReportCsv.write(report), fileName);
    }

    private static String evaluate(PebbleTemplate template, Map<String, Object> context) {
        StringWriter out = new StringWriter();
        try {
            template.evaluate(out, context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
