package io.reclaimer.app.report;

import io.reclaimer.actions.ActionsService;
import io.reclaimer.actions.ledger.ActionRecord;
import io.reclaimer.actions.ledger.Phase;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What the actions service proposed during a run: counts by phase, then the biggest requests. */
public final class ActionsSummary {

    private ActionsSummary() {
    }

    public static void print(ActionsService service, PrintWriter out) {
        if (service == null) {
            return;
        }
        List<ActionRecord> records = service.ledger().all();
        out.println();
        if (records.isEmpty()) {
            out.println("Actions: none proposed (no finding was selected by a policy).");
            return;
        }
        Map<String, Long> byPhase = new TreeMap<>(records.stream().collect(Collectors.groupingBy(
                r -> r.phase().wireName(), Collectors.counting())));
        out.println("Actions: " + records.size() + " proposed (" + byPhase.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")) + ")");
        out.printf(Locale.ROOT, "  %-18s %-32s %-11s %10s  %s%n", "PHASE", "ACTION", "TYPE", "USD/MONTH", "TARGET");
        // what waits for a human first, what was set aside (superseded, resolved) last
        records.stream().sorted(Comparator.comparing((ActionRecord r) -> r.phase() != Phase.PENDING_APPROVAL)
                        .thenComparing(r -> r.phase() == Phase.EXPIRED)
                        .thenComparing(r -> -r.request().monthlyUsd()))
                .limit(15)
                .forEach(r -> out.printf(Locale.ROOT, "  %-18s %-32s %-11s %10.2f  %s%n", r.phase().wireName(),
                        r.actionId(), r.request().type().wireName(), r.request().monthlyUsd(),
                        r.request().target()));
    }
}
