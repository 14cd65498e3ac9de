package io.reclaimer.streams.rightsizing.offline;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.reclaimer.model.ContainerRef;
import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads usage exported as CSV: header {@code timestamp,cluster,namespace,workload,container,cpu_cores,memory_bytes}
 * with optional {@code pod,cpu_request_cores,memory_request_bytes,oom_killed}, in any order. Timestamps are
 * ISO-8601 or epoch seconds. {@code workload} is a name or {@code Kind/name}. A bad row is reported with its
 * line number and skipped; the good rows still count. A bad header fails the whole file.
 */
public final class UsageCsv {

    public static final List<String> REQUIRED = List.of("timestamp", "cluster", "namespace", "workload", "container",
            "cpu_cores", "memory_bytes");
    public static final List<String> OPTIONAL = List.of("pod", "cpu_request_cores", "memory_request_bytes", "oom_killed");
    /** The kind given to a workload named without one. */
    public static final String DEFAULT_KIND = "Workload";

    private static final CsvMapper MAPPER = CsvMapper.builder().enable(CsvParser.Feature.WRAP_AS_ARRAY)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES).enable(CsvParser.Feature.TRIM_SPACES).build();

    private static final java.util.regex.Pattern EPOCH_SECONDS = java.util.regex.Pattern.compile("-?\\d+(\\.\\d+)?");

    private UsageCsv() {
    }

    /** One good row. {@code workload} is the column as written; the container's kind comes from it. */
    public record Row(long line, ContainerRef container, String workload, String pod, long timestampMillis,
                      double cpuCores, long memoryBytes, Double cpuRequestCores, Long memoryRequestBytes,
                      boolean oomKilled) {
    }

    public record BadRow(long line, String reason) {
        @Override
        public String toString() {
            return "line " + line + ": " + reason;
        }
    }

    public record Parsed(List<Row> rows, List<BadRow> badRows) {
    }

    public static Parsed read(Reader reader) throws IOException {
        List<Row> rows = new ArrayList<>();
        List<BadRow> bad = new ArrayList<>();
        try (MappingIterator<String[]> it = MAPPER.readerFor(String[].class).readValues(reader)) {
            if (!it.hasNextValue()) {
                throw new IllegalArgumentException("line 1: empty file, expected a header " + String.join(",", REQUIRED));
            }
            Map<String, Integer> columns = header(it.nextValue());
            while (true) {
                String[] cells;
                long line = it.getCurrentLocation().getLineNr();
                try {
                    if (!it.hasNextValue()) {
                        break;
                    }
                    // where the row's first token starts, whatever the row's length (Jackson CSV counts from 0 here)
                    line = it.getParser().currentTokenLocation().getLineNr() + 1;
                    cells = it.nextValue();
                } catch (RuntimeException e) {
                    bad.add(new BadRow(line, "unreadable CSV: " + e.getMessage()));
                    continue;
                }
                try {
                    rows.add(row(line, cells, columns));
                } catch (IllegalArgumentException e) {
                    bad.add(new BadRow(line, e.getMessage()));
                }
            }
        }
        return new Parsed(rows, bad);
    }

    private static Map<String, Integer> header(String[] names) {
        Map<String, Integer> columns = new HashMap<>();
        Set<String> unknown = new LinkedHashSet<>();
        for (int i = 0; i < names.length; i++) {
            String name = names[i].trim().toLowerCase(Locale.ROOT);
            if (!REQUIRED.contains(name) && !OPTIONAL.contains(name)) {
                unknown.add(names[i]);
            } else if (columns.put(name, i) != null) {
                throw new IllegalArgumentException("line 1: column '" + name + "' appears twice");
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("line 1: unknown column(s) " + unknown + "; allowed: "
                    + String.join(",", REQUIRED) + " and optionally " + String.join(",", OPTIONAL));
        }
        List<String> missing = REQUIRED.stream().filter(c -> !columns.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("line 1: missing column(s) " + missing + "; the header must have "
                    + String.join(",", REQUIRED));
        }
        return columns;
    }

    private static Row row(long line, String[] cells, Map<String, Integer> columns) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("expected " + columns.size() + " columns, found " + cells.length);
        }
        String workload = cell(cells, columns, "workload");
        String kind = DEFAULT_KIND;
        String name = workload;
        int slash = workload.indexOf('/');
        if (slash > 0) {
            kind = workload.substring(0, slash);
            name = workload.substring(slash + 1);
        }
        ContainerRef container = new ContainerRef(cell(cells, columns, "cluster"), cell(cells, columns, "namespace"),
                kind, name, cell(cells, columns, "container"));
        String pod = optional(cells, columns, "pod");
        double cpu = number(cell(cells, columns, "cpu_cores"), "cpu_cores");
        long memory = bytes(cell(cells, columns, "memory_bytes"), "memory_bytes");
        String cpuRequest = optional(cells, columns, "cpu_request_cores");
        String memoryRequest = optional(cells, columns, "memory_request_bytes");
        return new Row(line, container, workload, pod == null ? name : pod,
                timestamp(cell(cells, columns, "timestamp")), cpu, memory,
                cpuRequest == null ? null : number(cpuRequest, "cpu_request_cores"),
                memoryRequest == null ? null : bytes(memoryRequest, "memory_request_bytes"),
                bool(optional(cells, columns, "oom_killed")));
    }

    private static String cell(String[] cells, Map<String, Integer> columns, String name) {
        String value = cells[columns.get(name)].trim();
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " is empty");
        }
        return value;
    }

    private static String optional(String[] cells, Map<String, Integer> columns, String name) {
        Integer index = columns.get(name);
        if (index == null) {
            return null;
        }
        String value = cells[index].trim();
        return value.isEmpty() ? null : value;
    }

    static long timestamp(String value) {
        if (EPOCH_SECONDS.matcher(value).matches()) {
            try {
                return new BigDecimal(value).movePointRight(3).longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                throw new IllegalArgumentException("timestamp '" + value + "' is neither ISO-8601 nor epoch seconds");
            }
        }
        try {
            return Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(value).toInstant().toEpochMilli();
            } catch (DateTimeParseException e2) {
                throw new IllegalArgumentException("timestamp '" + value + "' is neither ISO-8601 nor epoch seconds");
            }
        }
    }

    private static double number(String value, String name) {
        double number;
        try {
            number = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + value + "' is not a number");
        }
        if (!Double.isFinite(number) || number < 0) {
            throw new IllegalArgumentException(name + " must be a finite number >= 0, was " + value);
        }
        return number;
    }

    private static long bytes(String value, String name) {
        try {
            long bytes = new BigDecimal(value).longValueExact();
            if (bytes < 0) {
                throw new IllegalArgumentException(name + " must be >= 0, was " + value);
            }
            return bytes;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(name + " '" + value + "' is not a whole number of bytes");
        }
    }

    private static boolean bool(String value) {
        if (value == null) {
            return false;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw new IllegalArgumentException("oom_killed must be true or false, was '" + value + "'");
        };
    }
}
