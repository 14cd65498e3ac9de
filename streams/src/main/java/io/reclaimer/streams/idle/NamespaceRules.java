package io.reclaimer.streams.idle;

import io.reclaimer.model.ObjectRef;
import io.reclaimer.model.TargetIdentity;
import io.reclaimer.model.findings.Evidence;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.kubernetes.NamespaceInfo;
import io.reclaimer.model.time.UptimeWindow;
import io.reclaimer.streams.findings.Assessment;
import io.reclaimer.streams.waste.WasteConfig;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Idle namespaces and off-hours schedules, from a namespace's hourly CPU. Pure.
 *
 * <p>Idle: every hour since the idle streak began stayed under {@code idleNamespaces.maxCpuCores} (hours
 * without any data count as idle); the finding appears once the streak is
 * {@code thresholdDays.idleNamespace} long, priced at what the namespace's workloads request.
 *
 * <p>Off-hours: for a non-production namespace that is not idle, CPU is averaged per hour of the week in
 * the namespace's time zone; hours reaching {@code offHours.activeFraction} of the busiest hour are active;
 * the proposed uptime window covers the active days from the first active hour to the end of the last one,
 * and the saving is what the workloads request for the rest of the week.
 */
public final class NamespaceRules {

    private static final int HOURS_PER_WEEK = 168;

    private final WasteConfig config;
    private final List<Pattern> namePatterns;

    public NamespaceRules(WasteConfig config) {
        this.config = config;
        this.namePatterns = config.nonProduction().namePatterns().stream().map(NamespaceRules::glob).toList();
    }

    /** Hours of hourly history a namespace keeps: the profile's weeks or the idle window, whichever is longer. */
    public int retentionHours() {
        return Math.max(config.offHours().historyWeeks() * HOURS_PER_WEEK, (config.thresholdDays().idleNamespace() + 1) * 24);
    }

    public List<Assessment> assess(String namespaceKey, NamespaceState state) {
        NamespaceInfo info = state.info();
        if (info == null) {
            return List.of(Assessment.gone(FindingKind.IDLE_NAMESPACE, namespaceKey),
                    Assessment.gone(FindingKind.OFF_HOURS_SCHEDULE, namespaceKey));
        }
        HourSeries hours = state.hours();
        if (hours.isEmpty()) {
            return List.of(Assessment.clean(FindingKind.IDLE_NAMESPACE, namespaceKey, info.observedAt()),
                    Assessment.clean(FindingKind.OFF_HOURS_SCHEDULE, namespaceKey, info.observedAt()));
        }
        Instant now = HourSeries.instantOf(hours.lastHour() + 1);
        long streakStart = idleStreakStart(hours);
        boolean idleLongEnough = (hours.lastHour() + 1 - streakStart) >= config.thresholdDays().idleNamespace() * 24L;
        Assessment idle = idle(namespaceKey, info, state, streakStart, now);
        Assessment offHours = idleLongEnough && idle.verdict() == Assessment.Verdict.WASTE
                ? Assessment.explainedElsewhere(FindingKind.OFF_HOURS_SCHEDULE, namespaceKey)
                : offHours(namespaceKey, info, state, now);
        return List.of(idle, offHours);
    }

    /** First hour of the run of idle hours that ends with the newest hour (newest + 1 when it is busy). */
    long idleStreakStart(HourSeries hours) {
        double max = config.idleNamespaces().maxCpuCores();
        long h = hours.lastHour();
        while (h >= hours.firstHour() && hours.at(h) < max) {
            h--;
        }
        return h + 1;
    }

    private Assessment idle(String key, NamespaceInfo info, NamespaceState state, long streakStart, Instant now) {
        HourSeries hours = state.hours();
        String name = info.ref().name();
        if (streakStart > hours.lastHour() || config.idleNamespaces().excluded().contains(name)
                || state.monthlyUsd() <= 0) {
            return Assessment.clean(FindingKind.IDLE_NAMESPACE, key, now);
        }
        double peak = 0;
        for (long h = streakStart; h <= hours.lastHour(); h++) {
            peak = Math.max(peak, hours.at(h));
        }
        Instant since = HourSeries.instantOf(streakStart);
        Map<String, String> evidence = evidence("idleSince", since, "peakCpuCores", round3(peak),
                "maxCpuCores", config.idleNamespaces().maxCpuCores(), "workloads", state.workloads(),
                "requestsMonthlyUsd", round2(state.monthlyUsd()), "price", "what the namespace's workloads request");
        return Assessment.wasteSince(finding(FindingKind.IDLE_NAMESPACE, info, state.monthlyUsd(), evidence, now), since);
    }

    private Assessment offHours(String key, NamespaceInfo info, NamespaceState state, Instant now) {
        if (!nonProduction(info)) {
            return Assessment.clean(FindingKind.OFF_HOURS_SCHEDULE, key, now);
        }
        ZoneId zone = zoneOf(info);
        Optional<Proposal> proposal = propose(state.hours(), zone);
        if (proposal.isEmpty()) {
            return Assessment.clean(FindingKind.OFF_HOURS_SCHEDULE, key, now);
        }
        Proposal p = proposal.get();
        double uptimeFraction = p.window().hoursPerWeek() / (double) HOURS_PER_WEEK;
        double savings = state.monthlyUsd() * (1 - uptimeFraction);
        if (uptimeFraction > config.offHours().maxUptimeFraction() || savings < config.offHours().minMonthlySavingsUsd()) {
            return Assessment.clean(FindingKind.OFF_HOURS_SCHEDULE, key, now);
        }
        Map<String, String> evidence = evidence(Evidence.UPTIME_WINDOW, p.window().toString(), Evidence.DAYS, p.window().daysText(),
                Evidence.HOURS, p.window().hoursText(), Evidence.TIME_ZONE, zone.getId(), "uptimeHoursPerWeek", p.window().hoursPerWeek(),
                "busiestHourCpuCores", round3(p.peak()), "offHoursCpuCores", round3(p.offHoursMean()),
                "observedHoursOfWeek", p.observedHours(), "workloads", state.workloads(),
                "requestsMonthlyUsd", round2(state.monthlyUsd()),
                "price", "requests x " + (HOURS_PER_WEEK - p.window().hoursPerWeek()) + "/168 hours scaled to zero");
        return Assessment.wasteSince(finding(FindingKind.OFF_HOURS_SCHEDULE, info, savings, evidence, now), p.since());
    }

    /** A learned uptime window with what it was learned from. */
    public record Proposal(UptimeWindow window, double peak, double offHoursMean, int observedHours, Instant since) {
    }

    /** The uptime window the hourly history supports, if it covers enough of the week and shows a pattern. */
    public Optional<Proposal> propose(HourSeries hours, ZoneId zone) {
        long from = Math.max(hours.firstHour(), hours.lastHour() - (long) config.offHours().historyWeeks() * HOURS_PER_WEEK + 1);
        double[] sum = new double[HOURS_PER_WEEK];
        int[] count = new int[HOURS_PER_WEEK];
        Instant since = null;
        for (long h = from; h <= hours.lastHour(); h++) {
            double cpu = hours.at(h);
            if (cpu == HourSeries.NO_DATA) {
                continue;
            }
            since = since == null ? HourSeries.instantOf(h) : since;
            int bucket = bucket(HourSeries.instantOf(h), zone);
            sum[bucket] += cpu;
            count[bucket]++;
        }
        int observed = 0;
        double peak = 0;
        double[] mean = new double[HOURS_PER_WEEK];
        for (int b = 0; b < HOURS_PER_WEEK; b++) {
            if (count[b] > 0) {
                observed++;
                mean[b] = sum[b] / count[b];
                peak = Math.max(peak, mean[b]);
            }
        }
        if (observed < config.offHours().minObservedHoursOfWeek() || peak < config.idleNamespaces().maxCpuCores()) {
            return Optional.empty();
        }
        double threshold = config.offHours().activeFraction() * peak;
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        int start = 24;
        int end = 0;
        double offSum = 0;
        int offCount = 0;
        for (int b = 0; b < HOURS_PER_WEEK; b++) {
            if (count[b] > 0 && mean[b] >= threshold) {
                days.add(DayOfWeek.of(b / 24 + 1));
                start = Math.min(start, b % 24);
                end = Math.max(end, b % 24 + 1);
            } else if (count[b] > 0) {
                offSum += mean[b];
                offCount++;
            }
        }
        UptimeWindow window = UptimeWindow.hours(days, start, end, zone);
        return Optional.of(new Proposal(window, peak, offCount == 0 ? 0 : offSum / offCount, observed, since));
    }

    /** Hour of the week, Monday 00:00 local time = 0. */
    static int bucket(Instant hourStart, ZoneId zone) {
        ZonedDateTime local = hourStart.atZone(zone);
        return (local.getDayOfWeek().getValue() - 1) * 24 + local.getHour();
    }

    /** The annotation says, else the label says, else the name decides. */
    public boolean nonProduction(NamespaceInfo ns) {
        WasteConfig.NonProduction np = config.nonProduction();
        String env = ns.annotations().get(np.environmentAnnotation());
        if (env == null) {
            env = ns.labels().get(np.environmentLabel());
        }
        if (env != null && !env.isBlank()) {
            String value = env.toLowerCase(Locale.ROOT);
            return np.values().stream().anyMatch(v -> v.equalsIgnoreCase(value));
        }
        String name = ns.ref().name().toLowerCase(Locale.ROOT);
        return namePatterns.stream().anyMatch(p -> p.matcher(name).matches());
    }

    public ZoneId zoneOf(NamespaceInfo ns) {
        String annotated = ns.annotations().get(config.offHours().timeZoneAnnotation());
        if (annotated != null && !annotated.isBlank()) {
            try {
                return ZoneId.of(annotated);
            } catch (java.time.DateTimeException e) {
                // a typo in one namespace's annotation must not stop the analysis: fall back to the default
            }
        }
        return config.offHours().zoneId();
    }

    private static Finding finding(FindingKind kind, NamespaceInfo ns, double monthlyUsd, Map<String, String> evidence,
                                   Instant now) {
        ObjectRef ref = ns.ref();
        return new Finding(Finding.idFor(kind, ref.key()), kind, ref.key(), "Namespace", ref.name(), "kubernetes",
                ref.cluster(), ref.name(), "", "", monthlyUsd, now, now, null, evidence, ns.labels(), ns.annotations(),
                Map.of(), TargetIdentity.Kubernetes.of(ref, ns.uid()));
    }

    private static Pattern glob(String glob) {
        StringBuilder regex = new StringBuilder();
        for (String part : glob.toLowerCase(Locale.ROOT).split("\\*", -1)) {
            if (!regex.isEmpty()) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }

    private static Map<String, String> evidence(Object... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null && !pairs[i + 1].toString().isEmpty()) {
                map.put((String) pairs[i], pairs[i + 1].toString());
            }
        }
        return map;
    }

    private static String round3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String round2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }
}
