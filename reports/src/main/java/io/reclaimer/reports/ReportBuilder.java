package io.reclaimer.reports;

import io.reclaimer.reports.WeeklyReport.OrphanLine;
import io.reclaimer.reports.WeeklyReport.RealizedLine;
import io.reclaimer.reports.WeeklyReport.RightsizingLine;
import io.reclaimer.reports.WeeklyReport.Section;
import io.reclaimer.reports.WeeklyReport.Totals;
import io.reclaimer.reports.WeeklyReport.WeekPoint;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.rightsizing.Recommendation;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns the current state into the reports to send: one for the whole fleet (to the default recipients,
 * or to {@code --to}) and one per owner with only what they own. Pure: values in, values out.
 *
 * <p>Waste = positive rightsizing savings + priced findings. Findings of kind
 * {@code overprovisioned-container} are left out because the recommendation of the same container already
 * counts that money. Node findings ({@code node-pool-consolidation}, {@code underutilized-node}) are the same money
 * as the rightsizing seen at the nodes: they are not added to the waste but reported apart, as node savings next to
 * the request savings ({@link SavingsSplit}).
 *
 * <p>The week-over-week trend needs no stored history: the waste that existed at the end of a past week is
 * the waste still open today that had started by then (a finding's {@code since}, a recommendation's first
 * sample) plus the waste Reclaimer's executed actions removed after it (an action's request existed by
 * then and it executed later). Waste that people removed by hand outside Reclaimer is not counted in past
 * weeks, so past totals are a lower bound; see docs/operating.md.
 */
final class ReportBuilder {

    public static final String FLEET_SCOPE = "the whole fleet";

    private final ReportConfig config;

    public ReportBuilder(ReportConfig config) {
        this.config = config;
    }

    /**
     * The reports to send at {@code now}. With {@code overrideRecipients}, one fleet report to them only;
     * otherwise the fleet report to the default recipients (when there are any) and one report per owner.
     */
    public List<WeeklyReport> build(ReportInputs inputs, Instant now, List<String> overrideRecipients) {
        List<Item> items = items(inputs);
        List<WeeklyReport> reports = new ArrayList<>();
        if (!overrideRecipients.isEmpty()) {
            reports.add(report(FLEET_SCOPE, overrideRecipients, items, now));
            return reports;
        }
        if (!config.defaultRecipients().isEmpty()) {
            reports.add(report(FLEET_SCOPE, config.defaultRecipients(), items, now));
        }
        Map<String, List<Item>> byOwner = new TreeMap<>();
        for (Item item : items) {
            item.owner.ifPresent(owner -> byOwner.computeIfAbsent(owner, o -> new ArrayList<>()).add(item));
        }
        // an owner value may name several addresses ("a@example.com, b@example.com"): one report, to all of them
        byOwner.forEach((owner, owned) -> reports.add(report(owner, addresses(owner), owned, now)));
        return reports;
    }

    private WeeklyReport report(String scope, List<String> recipients, List<Item> items, Instant now) {
        ZoneId zone = config.zone();
        Instant periodStart = now.minus(config.period());
        Map<String, List<Item>> byGroup = new TreeMap<>();
        for (Item item : items) {
            if (item.node == null) { // node savings are reported apart, not as a section's waste
                byGroup.computeIfAbsent(item.group, g -> new ArrayList<>()).add(item);
            }
        }
        List<Section> sections = new ArrayList<>();
        for (var group : byGroup.entrySet()) {
            sections.add(section(group.getKey(), group.getValue(), now, periodStart));
        }
        sections.sort(Comparator.comparingDouble(Section::monthlyWasteUsd).reversed().thenComparing(Section::name));
        Totals totals = new Totals(
                sections.stream().mapToDouble(Section::monthlyWasteUsd).sum(),
                sections.stream().mapToDouble(Section::rightsizingUsd).sum(),
                sections.stream().mapToDouble(Section::orphanedUsd).sum(),
                items.stream().filter(i -> i.realized != null).mapToDouble(i -> i.usd).sum(),
                sections.stream().mapToDouble(Section::realizedUsd).sum(),
                sections.stream().mapToInt(Section::rightsizingCount).sum(),
                sections.stream().mapToInt(s -> s.orphans().size()).sum(),
                (int) items.stream().filter(i -> i.realized != null).count());
        List<WeekPoint> trend = new ArrayList<>();
        for (int k = config.trendWeeks() - 1; k >= 0; k--) {
            Instant end = now.minus(Duration.ofDays(7L * k));
            trend.add(new WeekPoint(LocalDate.ofInstant(end, zone), wasteAt(items, end, now), realizedBy(items, end)));
        }
        SavingsSplit savings = SavingsSplit.of(totals.rightsizingUsd(),
                items.stream().map(i -> i.node).filter(java.util.Objects::nonNull).toList());
        return new WeeklyReport(scope, recipients, now, zone, LocalDate.ofInstant(periodStart, zone),
                LocalDate.ofInstant(now, zone), totals, sections, trend, config.dashboardUrl(), savings);
    }

    private Section section(String name, List<Item> items, Instant now, Instant periodStart) {
        List<RightsizingLine> rightsizing = items.stream().filter(i -> i.rightsizing != null)
                .sorted(Comparator.comparingDouble((Item i) -> i.usd).reversed()).map(i -> i.rightsizing).toList();
        List<OrphanLine> orphans = items.stream().filter(i -> i.orphan != null)
                .sorted(Comparator.comparingDouble((Item i) -> i.usd).reversed()).map(i -> i.orphan).toList();
        List<Item> realizedItems = items.stream().filter(i -> i.realized != null && !i.resolvedAt.isBefore(periodStart))
                .sorted(Comparator.comparing((Item i) -> i.resolvedAt)).toList();
        double rightsizingUsd = rightsizing.stream().mapToDouble(RightsizingLine::monthlyUsd).sum();
        double orphanedUsd = orphans.stream().mapToDouble(OrphanLine::monthlyUsd).sum();
        double waste = rightsizingUsd + orphanedUsd;
        Instant weekAgo = now.minus(Duration.ofDays(7));
        Double change = waste - wasteAt(items, weekAgo, now);
        String owner = items.stream().map(i -> i.owner).flatMap(Optional::stream).findFirst().orElse("");
        return new Section(name, owner, waste, rightsizingUsd, orphanedUsd,
                realizedItems.stream().mapToDouble(i -> i.usd).sum(), change,
                rightsizing.subList(0, Math.min(config.topRecommendations(), rightsizing.size())), rightsizing.size(),
                orphans, realizedItems.stream().map(i -> i.realized).toList(), rightsizing);
    }

    /** Waste open at {@code at}: still open now and started by then, or removed by an action after it. */
    private static double wasteAt(List<Item> items, Instant at, Instant now) {
        double total = 0;
        for (Item item : items) {
            boolean started = !item.since.isAfter(at);
            boolean open = item.realized == null || item.resolvedAt.isAfter(at);
            if (started && open) {
                total += item.usd;
            }
        }
        return total;
    }

    private static double realizedBy(List<Item> items, Instant at) {
        return items.stream().filter(i -> i.realized != null && !i.resolvedAt.isAfter(at)).mapToDouble(i -> i.usd).sum();
    }

    private List<Item> items(ReportInputs inputs) {
        OwnerRouting routing = new OwnerRouting(inputs.namespaces());
        ZoneId zone = config.zone();
        List<Item> items = new ArrayList<>();
        for (Recommendation r : inputs.recommendations()) {
            if (r.monthlySavingsUsd() == null || r.monthlySavingsUsd() <= 0) {
                continue;
            }
            var c = r.container();
            List<Map<String, String>> metadata = List.of(r.annotations(), r.labels());
            RightsizingLine line = new RightsizingLine(c.cluster(), c.namespace(), c.workloadKind() + "/" + c.workloadName(),
                    c.container(), r.cpu().requestCores(), r.cpu().targetCores(), r.memory().requestBytes(),
                    r.memory().targetBytes(), r.monthlySavingsUsd(), r.confidence(), r.replicas(), r.hpaScalesOnCpu());
            Instant since = r.firstSampleAt() != null ? r.firstSampleAt() : r.computedAt();
            items.add(new Item(routing.group(c.cluster(), c.namespace(), "", "", metadata),
                    routing.owner(c.cluster(), c.namespace(), metadata), r.monthlySavingsUsd(), since, null,
                    line, null, null, null));
        }
        Map<String, Finding> findingsById = new HashMap<>();
        for (Finding f : inputs.findings()) {
            findingsById.put(f.id(), f);
            if (f.kind() == FindingKind.OVERPROVISIONED_CONTAINER) {
                continue;
            }
            List<Map<String, String>> metadata = List.of(f.tags(), f.annotations(), f.labels());
            if (!f.kind().addsToWaste()) { // the node findings: node savings, reported apart
                boolean pool = f.kind() == FindingKind.NODE_POOL_CONSOLIDATION;
                SavingsSplit.NodeSaving node = new SavingsSplit.NodeSaving(pool, f.monthlyUsd(),
                        pool ? number(f.evidence().get("realizableNowMonthlyUsd")) : 0);
                items.add(new Item(routing.group(f.cluster(), f.namespace(), f.account(), f.region(), metadata),
                        routing.owner(f.cluster(), f.namespace(), metadata), 0, f.since(), null, null, null, null, node));
                continue;
            }
            LocalDate since = LocalDate.ofInstant(f.since(), zone);
            long openDays = Math.max(0, Duration.between(f.since(), f.observedAt()).toDays());
            OrphanLine line = new OrphanLine(f.kind().wireName(), f.resource(), f.resourceKind() + " " + f.resourceName(),
                    location(f.cluster(), f.namespace(), f.account(), f.region()), f.monthlyUsd(), since, openDays);
            items.add(new Item(routing.group(f.cluster(), f.namespace(), f.account(), f.region(), metadata),
                    routing.owner(f.cluster(), f.namespace(), metadata), f.monthlyUsd(), f.since(), null, null, line, null,
                    null));
        }
        Map<String, ActionRequest> requests = new HashMap<>();
        inputs.actionRequests().forEach(r -> requests.put(r.actionId(), r));
        for (ActionResult result : inputs.actionResults()) {
            ActionRequest request = requests.get(result.actionId());
            if (result.status() != ActionResult.Status.EXECUTED || request == null || request.monthlyUsd() <= 0) {
                continue;
            }
            Finding finding = findingsById.get(request.findingId());
            List<Map<String, String>> metadata = finding == null ? List.of()
                    : List.of(finding.tags(), finding.annotations(), finding.labels());
            RealizedLine line = new RealizedLine(request.actionId(), request.type().wireName(),
                    request.target(), location(request.cluster(), request.namespace(), request.account(), request.region()),
                    request.monthlyUsd(), LocalDate.ofInstant(result.at(), zone));
            items.add(new Item(routing.group(request.cluster(), request.namespace(), request.account(), request.region(), metadata),
                    routing.owner(request.cluster(), request.namespace(), metadata), request.monthlyUsd(),
                    request.createdAt(), result.at(), null, null, line, null));
        }
        return items;
    }

    private static List<String> addresses(String owner) {
        return java.util.Arrays.stream(owner.split("[,;]")).map(String::trim).filter(a -> !a.isEmpty()).toList();
    }

    static String location(String cluster, String namespace, String account, String region) {
        Set<String> parts = new LinkedHashSet<>();
        if (!cluster.isEmpty()) {
            parts.add(namespace.isEmpty() ? cluster : cluster + "/" + namespace);
        }
        if (!account.isEmpty()) {
            parts.add(account + (region.isEmpty() ? "" : " " + region));
        }
        return parts.isEmpty() ? "-" : String.join(", ", parts);
    }

    /** One priced thing, with who owns it and when it started (and, for executed actions, ended). */
    private record Item(String group, Optional<String> owner, double usd, Instant since, Instant resolvedAt,
                        RightsizingLine rightsizing, OrphanLine orphan, RealizedLine realized, SavingsSplit.NodeSaving node) {
    }

    private static double number(String text) {
        try {
            return text == null ? 0 : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Sections keyed by name, for tests. */
    static Map<String, Section> byName(WeeklyReport report) {
        Map<String, Section> map = new LinkedHashMap<>();
        report.sections().forEach(s -> map.put(s.name(), s));
        return map;
    }
}
