package io.reclaimer.reports;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.reclaimer.reports.WeeklyReport.OrphanLine;
import io.reclaimer.reports.WeeklyReport.RealizedLine;
import io.reclaimer.reports.WeeklyReport.RightsizingLine;
import io.reclaimer.reports.WeeklyReport.Section;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The full list behind the report as CSV (RFC 4180 via Jackson's CSV module): every rightsizing
 * opportunity, every orphaned or idle resource and every action executed in the period, one per row.
 */
final class ReportCsv {

    private static final CsvMapper MAPPER = new CsvMapper();
    private static final CsvSchema SCHEMA = MAPPER.schemaFor(Row.class).withHeader();

    private ReportCsv() {
    }

    @JsonPropertyOrder({"section", "owner", "type", "kind", "location", "resource", "current", "recommended",
        "monthlyUsd", "confidence", "since"})
    record Row(String section, String owner, String type, String kind, String location, String resource,
               String current, String recommended, String monthlyUsd, String confidence, String since) {
    }

    static byte[] write(WeeklyReport report) {
        List<Row> rows = new ArrayList<>();
        for (Section s : report.sections()) {
            for (RightsizingLine r : s.allRightsizing()) {
                rows.add(new Row(s.name(), s.owner(), "rightsizing", "container", r.cluster() + "/" + r.namespace(),
                        r.workload() + "/" + r.container(),
                        "cpu " + ReportFormats.cores(r.cpuRequestCores()) + ", memory " + ReportFormats.mib(r.memoryRequestBytes()),
                        "cpu " + ReportFormats.cores(r.cpuTargetCores()) + ", memory " + ReportFormats.mib(r.memoryTargetBytes()),
                        amount(r.monthlyUsd()), String.format(Locale.US, "%.2f", r.confidence()), ""));
            }
            for (OrphanLine o : s.orphans()) {
                rows.add(new Row(s.name(), s.owner(), "orphan", o.kind(), o.location(), o.resource(), o.name(), "remove",
                        amount(o.monthlyUsd()), "", o.since().toString()));
            }
            for (RealizedLine a : s.realized()) {
                rows.add(new Row(s.name(), s.owner(), "realized", a.type(), a.location(), a.target(), "", "executed",
                        amount(a.monthlyUsd()), "", a.executedOn().toString()));
            }
        }
        try {
            return MAPPER.writer(SCHEMA).writeValueAsString(rows).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String amount(double usd) {
        return String.format(Locale.US, "%.2f", usd);
    }
}
