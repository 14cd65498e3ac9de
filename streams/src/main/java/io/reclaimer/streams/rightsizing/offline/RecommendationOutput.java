package io.reclaimer.streams.rightsizing.offline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import io.reclaimer.model.rightsizing.Recommendation;
import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The offline command's outputs. JSON: an array of {@code {cluster, namespace, workload, container,
 * cpu: {request, target, lowerBound, upperBound}, memory: {...}, confidence, monthlySavingsUsd}} with CPU in
 * cores and memory in bytes, null where unknown. CSV: the same, flattened to snake_case columns. Table: for
 * people.
 */
public final class RecommendationOutput {

    public enum Format { TABLE, JSON, CSV }

    public static final List<String> CSV_COLUMNS = List.of("cluster", "namespace", "workload", "container",
            "cpu_request_cores", "cpu_target_cores", "cpu_lower_bound_cores", "cpu_upper_bound_cores",
            "memory_request_bytes", "memory_target_bytes", "memory_lower_bound_bytes", "memory_upper_bound_bytes",
            "confidence", "monthly_savings_usd");

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RecommendationOutput() {
    }

    public static void write(List<OfflineRightsizer.Result> results, Format format, Writer out) throws IOException {
        switch (format) {
            case JSON -> json(results, out);
            case CSV -> csv(results, out);
            case TABLE -> table(results, out);
        }
        out.flush();
    }

    private static void json(List<OfflineRightsizer.Result> results, Writer out) throws IOException {
        ArrayNode array = JSON.createArrayNode();
        for (OfflineRightsizer.Result result : results) {
            Recommendation r = result.recommendation();
            ObjectNode node = array.addObject();
            node.put("cluster", r.container().cluster());
            node.put("namespace", r.container().namespace());
            node.put("workload", result.workload());
            node.put("container", r.container().container());
            ObjectNode cpu = node.putObject("cpu");
            cpu.put("request", r.cpu().requestCores());
            cpu.put("target", r.cpu().targetCores());
            cpu.put("lowerBound", r.cpu().lowerBoundCores());
            cpu.put("upperBound", r.cpu().upperBoundCores());
            ObjectNode memory = node.putObject("memory");
            memory.put("request", r.memory().requestBytes());
            memory.put("target", r.memory().targetBytes());
            memory.put("lowerBound", r.memory().lowerBoundBytes());
            memory.put("upperBound", r.memory().upperBoundBytes());
            node.put("confidence", round(r.confidence(), 4));
            node.put("monthlySavingsUsd", r.monthlySavingsUsd());
        }
        JSON.writeValue(new NonClosing(out), array);
        out.write(System.lineSeparator());
    }

    private static void csv(List<OfflineRightsizer.Result> results, Writer out) throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        CSV_COLUMNS.forEach(schema::addColumn);
        List<List<Object>> rows = new ArrayList<>();
        for (OfflineRightsizer.Result result : results) {
            Recommendation r = result.recommendation();
            List<Object> row = new ArrayList<>();
            row.add(r.container().cluster());
            row.add(r.container().namespace());
            row.add(result.workload());
            row.add(r.container().container());
            row.add(r.cpu().requestCores());
            row.add(r.cpu().targetCores());
            row.add(r.cpu().lowerBoundCores());
            row.add(r.cpu().upperBoundCores());
            row.add(r.memory().requestBytes());
            row.add(r.memory().targetBytes());
            row.add(r.memory().lowerBoundBytes());
            row.add(r.memory().upperBoundBytes());
            row.add(round(r.confidence(), 4));
            row.add(r.monthlySavingsUsd());
            rows.add(row);
        }
        new CsvMapper().writer(schema.build()).writeValues(new NonClosing(out)).writeAll(rows).close();
    }

    private static void table(List<OfflineRightsizer.Result> results, Writer out) throws IOException {
        List<String[]> lines = new ArrayList<>();
        lines.add(new String[] {"CLUSTER", "NAMESPACE", "WORKLOAD", "CONTAINER", "CPU REQUEST", "CPU TARGET",
            "CPU RANGE", "MEM REQUEST", "MEM TARGET", "MEM RANGE", "CONFIDENCE", "SAVINGS $/MONTH"});
        for (OfflineRightsizer.Result result : results) {
            Recommendation r = result.recommendation();
            lines.add(new String[] {r.container().cluster(), r.container().namespace(), result.workload(),
                r.container().container(), cores(r.cpu().requestCores()), cores(r.cpu().targetCores()),
                cores(r.cpu().lowerBoundCores()) + "-" + cores(r.cpu().upperBoundCores()),
                bytes(r.memory().requestBytes()), bytes(r.memory().targetBytes()),
                bytes(r.memory().lowerBoundBytes()) + "-" + bytes(r.memory().upperBoundBytes()),
                String.format(Locale.ROOT, "%.2f", r.confidence()),
                r.monthlySavingsUsd() == null ? "-" : String.format(Locale.ROOT, "%.2f", r.monthlySavingsUsd())});
        }
        int[] widths = new int[lines.get(0).length];
        for (String[] line : lines) {
            for (int i = 0; i < line.length; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        }
        for (String[] line : lines) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < line.length; i++) {
                text.append(String.format(Locale.ROOT, "%-" + widths[i] + "s", line[i]));
                if (i < line.length - 1) {
                    text.append("  ");
                }
            }
            out.write(text.toString().stripTrailing());
            out.write(System.lineSeparator());
        }
    }

    /** Millicores, as Kubernetes writes them. */
    public static String cores(Double cores) {
        if (cores == null) {
            return "-";
        }
        if (cores >= 1e6) {
            return "unbounded";
        }
        return Math.round(cores * 1000) + "m";
    }

    /** Mebibytes, as Kubernetes writes them. */
    public static String bytes(Long bytes) {
        if (bytes == null) {
            return "-";
        }
        if (bytes >= 1e13) {
            return "unbounded";
        }
        return String.format(Locale.ROOT, "%dMi", Math.round(bytes / 1048576.0));
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    /** Jackson closes what it writes to; the caller owns the writer. */
    private static final class NonClosing extends java.io.FilterWriter {
        NonClosing(Writer out) {
            super(out);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
