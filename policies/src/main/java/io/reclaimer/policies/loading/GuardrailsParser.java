package io.reclaimer.policies.loading;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.kubernetes.Quantities;
import io.reclaimer.policies.guardrails.Approvals;
import io.reclaimer.policies.guardrails.DownsizeLimits;
import io.reclaimer.policies.guardrails.FreezeWindow;
import io.reclaimer.policies.guardrails.Guardrails;
import io.reclaimer.policies.guardrails.RunCap;
import io.reclaimer.policies.loading.DocReader.Fields;
import io.reclaimer.policies.rules.Glob;
import io.reclaimer.policies.rules.Outcomes;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Reads the {@code spec} of a {@code kind: Guardrails} document; every absent option keeps its default. */
final class GuardrailsParser {

    static final List<String> SPEC_KEYS = List.of("defaultDecision", "protectedNamespaces", "maxActionsPerHour",
            "blastRadius", "changeFreezes", "downsize", "markForOp", "approvals");
    static final List<String> BLAST_KEYS = List.of("maxCount", "maxPercent", "perKind");
    static final List<String> CAP_KEYS = List.of("maxCount", "maxPercent");
    static final List<String> FREEZE_KEYS = List.of("name", "cron", "duration", "from", "until", "timeZone");
    static final List<String> DOWNSIZE_KEYS = List.of("maxStepPercent", "minCpu", "minMemory");
    static final List<String> MARK_KEYS = List.of("minGraceDays", "autoMark");
    static final List<String> APPROVAL_KEYS = List.of("defaultApprovers", "defaultTtl", "maxTtl");

    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private GuardrailsParser() {
    }

    static Guardrails parse(DocReader reader, Node documentNode, Node spec) {
        Guardrails d = Guardrails.defaults();
        Fields fields = reader.fields(spec, "guardrails spec", SPEC_KEYS);
        Outcome defaultDecision = d.defaultDecision();
        if (fields.get("defaultDecision") != null) {
            String text = reader.text(fields.get("defaultDecision"), "defaultDecision");
            Outcome parsed = text == null ? null : Outcomes.parse(text).orElse(null);
            if (parsed == Outcome.DENY || parsed == Outcome.DRY_RUN) {
                defaultDecision = parsed;
            } else if (text != null) {
                reader.error(fields.get("defaultDecision"), "'defaultDecision' must be deny or dry-run, got '" + text + "'");
            }
        }
        List<Glob> protectedNamespaces = d.protectedNamespaces();
        if (fields.get("protectedNamespaces") != null) {
            protectedNamespaces = reader.strings(fields.get("protectedNamespaces"), "protectedNamespaces").stream()
                    .map(Glob::of).toList();
        }
        int maxPerHour = d.maxActionsPerHour();
        if (fields.get("maxActionsPerHour") != null) {
            Integer value = reader.integer(fields.get("maxActionsPerHour"), "maxActionsPerHour", 0);
            maxPerHour = value == null ? maxPerHour : value;
        }
        RunCap runCap = d.runCap();
        Map<FindingKind, RunCap> perKind = new EnumMap<>(FindingKind.class);
        if (fields.get("blastRadius") != null) {
            Fields blast = reader.fields(fields.get("blastRadius"), "blastRadius", BLAST_KEYS);
            runCap = cap(reader, blast, runCap);
            if (blast.get("perKind") != null) {
                Node perKindNode = blast.get("perKind");
                if (!(perKindNode instanceof MappingNode mapping)) {
                    reader.error(perKindNode, "'perKind' must be a mapping of finding kind to caps, got "
                            + DocReader.describe(perKindNode));
                } else {
                    for (NodeTuple tuple : mapping.getValue()) {
                        String name = reader.text(tuple.getKeyNode(), "perKind key");
                        FindingKind kind = name == null ? null : PolicyParser.kind(name);
                        if (name != null && kind == null) {
                            reader.error(tuple.getKeyNode(), "unknown finding kind '" + name + "'"
                                    + DocReader.suggestion(name, PolicyParser.kindNames()));
                            continue;
                        }
                        if (kind != null) {
                            perKind.put(kind, cap(reader, reader.fields(tuple.getValueNode(), "perKind." + name, CAP_KEYS),
                                    runCap));
                        }
                    }
                }
            }
        }
        List<FreezeWindow> freezes = new ArrayList<>();
        if (fields.get("changeFreezes") != null) {
            Set<String> names = new HashSet<>();
            for (Node item : reader.list(fields.get("changeFreezes"), "changeFreezes")) {
                FreezeWindow freeze = freeze(reader, item);
                if (freeze != null) {
                    if (!names.add(freeze.name())) {
                        reader.error(item, "duplicate change freeze name '" + freeze.name() + "'");
                    }
                    freezes.add(freeze);
                }
            }
        }
        DownsizeLimits downsize = d.downsize();
        if (fields.get("downsize") != null) {
            downsize = downsize(reader, reader.fields(fields.get("downsize"), "downsize", DOWNSIZE_KEYS), downsize);
        }
        int minGraceDays = d.minGraceDays();
        boolean autoMark = d.autoMark();
        if (fields.get("markForOp") != null) {
            Fields mark = reader.fields(fields.get("markForOp"), "markForOp", MARK_KEYS);
            if (mark.get("minGraceDays") != null) {
                Integer value = reader.integer(mark.get("minGraceDays"), "minGraceDays", 0);
                minGraceDays = value == null ? minGraceDays : value;
            }
            if (mark.get("autoMark") != null) {
                Boolean value = reader.bool(mark.get("autoMark"), "autoMark");
                autoMark = value == null ? autoMark : value;
            }
        }
        Approvals approvals = d.approvals();
        if (fields.get("approvals") != null) {
            approvals = approvals(reader, reader.fields(fields.get("approvals"), "approvals", APPROVAL_KEYS), approvals);
        }
        return new Guardrails(reader.ref(documentNode), defaultDecision, protectedNamespaces, maxPerHour, runCap, perKind,
                freezes, downsize, minGraceDays, autoMark, approvals);
    }

    private static RunCap cap(DocReader reader, Fields fields, RunCap defaults) {
        int maxCount = defaults.maxCount();
        double maxPercent = defaults.maxPercent();
        if (fields.get("maxCount") != null) {
            Integer value = reader.integer(fields.get("maxCount"), "maxCount", 0);
            maxCount = value == null ? maxCount : value;
        }
        if (fields.get("maxPercent") != null) {
            Double value = reader.number(fields.get("maxPercent"), "maxPercent", 0, 100);
            maxPercent = value == null ? maxPercent : value;
        }
        return new RunCap(maxCount, maxPercent);
    }

    private static FreezeWindow freeze(DocReader reader, Node node) {
        Fields fields = reader.fields(node, "change freeze", FREEZE_KEYS);
        Node nameNode = fields.required("name");
        String name = nameNode == null ? null : reader.text(nameNode, "name");
        ZoneId zone = fields.get("timeZone") == null ? ZoneOffset.UTC : reader.zone(fields.get("timeZone"), "timeZone");
        boolean recurring = fields.has("cron") || fields.has("duration");
        boolean oneOff = fields.has("from") || fields.has("until");
        if (recurring && oneOff) {
            reader.error(node, "a change freeze is either recurring (cron + duration) or one-off (from + until), not both");
            return null;
        }
        if (!recurring && !oneOff) {
            reader.error(node, "a change freeze needs cron + duration (recurring) or from + until (one-off)");
            return null;
        }
        if (recurring) {
            Node cronNode = fields.required("cron");
            Node durationNode = fields.required("duration");
            ExecutionTime schedule = null;
            String cron = cronNode == null ? null : reader.text(cronNode, "cron");
            if (cron != null) {
                try {
                    schedule = ExecutionTime.forCron(CRON.parse(cron).validate());
                } catch (IllegalArgumentException e) {
                    reader.error(cronNode, "invalid cron '" + cron + "': " + e.getMessage());
                }
            }
            Duration duration = durationNode == null ? null : reader.duration(durationNode, "duration");
            if (duration != null && duration.isZero()) {
                reader.error(durationNode, "'duration' must be longer than zero");
                duration = null;
            }
            if (name == null || schedule == null || duration == null || zone == null) {
                return null;
            }
            return FreezeWindow.recurring(name, reader.ref(node), cron, schedule, duration, zone);
        }
        Node fromNode = fields.required("from");
        Node untilNode = fields.required("until");
        LocalDateTime from = fromNode == null ? null : localDateTime(reader, fromNode, "from");
        LocalDateTime until = untilNode == null ? null : localDateTime(reader, untilNode, "until");
        if (from != null && until != null && !from.isBefore(until)) {
            reader.error(untilNode, "'until' must be after 'from'");
            return null;
        }
        if (name == null || from == null || until == null || zone == null) {
            return null;
        }
        return FreezeWindow.oneOff(name, reader.ref(node), ZonedDateTime.of(from, zone), ZonedDateTime.of(until, zone));
    }

    private static LocalDateTime localDateTime(DocReader reader, Node node, String what) {
        String text = node instanceof ScalarNode scalar ? scalar.getValue() : null;
        if (text != null) {
            try {
                return text.length() == 10 ? java.time.LocalDate.parse(text).atStartOfDay() : LocalDateTime.parse(text);
            } catch (DateTimeException e) {
                // reported below
            }
        }
        reader.error(node, "'" + what + "' must be a local date-time such as 2026-12-20T00:00 or a date such as "
                + "2026-12-20 (interpreted in timeZone), got " + DocReader.describe(node));
        return null;
    }

    private static DownsizeLimits downsize(DocReader reader, Fields fields, DownsizeLimits defaults) {
        double step = defaults.maxStepPercent();
        double cpu = defaults.minCpuCores();
        long memory = defaults.minMemoryBytes();
        if (fields.get("maxStepPercent") != null) {
            Double value = reader.number(fields.get("maxStepPercent"), "maxStepPercent", 0, 100);
            step = value == null ? step : value;
        }
        if (fields.get("minCpu") != null) {
            BigDecimal value = quantity(reader, fields.get("minCpu"), "minCpu", "cores such as 10m or 0.25");
            cpu = value == null ? cpu : value.doubleValue();
        }
        if (fields.get("minMemory") != null) {
            BigDecimal value = quantity(reader, fields.get("minMemory"), "minMemory", "bytes such as 64Mi or 1Gi");
            memory = value == null ? memory : value.setScale(0, java.math.RoundingMode.CEILING).longValueExact();
        }
        return new DownsizeLimits(step, cpu, memory);
    }

    private static BigDecimal quantity(DocReader reader, Node node, String what, String example) {
        String text = reader.text(node, what);
        if (text == null) {
            return null;
        }
        // a floor is never negative
        return Quantities.tryParse(text).filter(q -> q.signum() >= 0).orElseGet(() -> {
            reader.error(node, "'" + what + "' must be a quantity of " + example + ", got '" + text + "'");
            return null;
        });
    }

    private static Approvals approvals(DocReader reader, Fields fields, Approvals defaults) {
        List<String> approvers = fields.get("defaultApprovers") == null ? defaults.defaultApprovers()
                : reader.strings(fields.get("defaultApprovers"), "defaultApprovers");
        Duration ttl = defaults.defaultTtl();
        Duration max = defaults.maxTtl();
        if (fields.get("defaultTtl") != null) {
            Duration value = reader.duration(fields.get("defaultTtl"), "defaultTtl");
            ttl = value == null ? ttl : value;
        }
        if (fields.get("maxTtl") != null) {
            Duration value = reader.duration(fields.get("maxTtl"), "maxTtl");
            max = value == null ? max : value;
        }
        if (ttl.compareTo(max) > 0) {
            reader.error(fields.get("defaultTtl") != null ? fields.get("defaultTtl") : fields.node(),
                    "'defaultTtl' must not exceed 'maxTtl'");
        }
        return new Approvals(approvers, ttl, max);
    }
}
