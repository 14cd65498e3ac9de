package io.reclaimer.actions.approval;

import static com.slack.api.model.block.Blocks.actions;
import static com.slack.api.model.block.Blocks.context;
import static com.slack.api.model.block.Blocks.header;
import static com.slack.api.model.block.Blocks.section;
import static com.slack.api.model.block.composition.BlockCompositions.confirmationDialog;
import static com.slack.api.model.block.composition.BlockCompositions.markdownText;
import static com.slack.api.model.block.composition.BlockCompositions.plainText;
import static com.slack.api.model.block.element.BlockElements.button;

import com.slack.api.model.block.LayoutBlock;
import com.slack.api.model.block.composition.TextObject;
import com.slack.api.model.block.element.BlockElement;
import io.reclaimer.actions.ledger.ActionRecord;
import io.reclaimer.actions.ledger.Phase;
import io.reclaimer.model.actions.ActionDecision;
import io.reclaimer.model.actions.ActionParameters;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict;
import io.reclaimer.model.rightsizing.WhatIfEstimate;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The Block Kit messages of an approval, built from the ledger's record alone (pure, so tests can read the
 * JSON): what and where, current → proposed, USD/month, risk and confidence, the policy's reasons verbatim,
 * and the buttons. Action ids of the buttons are {@code reclaimer_approve}, {@code reclaimer_reject},
 * {@code reclaimer_snooze} and {@code reclaimer_rollback}; their value is the action id.
 */
public final class ApprovalMessages {

    public static final String APPROVE = "reclaimer_approve";
    public static final String REJECT = "reclaimer_reject";
    public static final String SNOOZE = "reclaimer_snooze";
    public static final String ROLLBACK = "reclaimer_rollback";

    private static final int SECTION_LIMIT = 2900;

    private ApprovalMessages() {
    }

    /** The notification text (and the fallback of clients that cannot show blocks). */
    public static String text(ActionRecord record) {
        ActionRequest r = record.request();
        return title(record) + " (" + usd(r.monthlyUsd()) + "/month)";
    }

    /** The message: the request, then its outcome and the buttons that still make sense. */
    public static List<LayoutBlock> blocks(ActionRecord record, boolean reversible) {
        ActionRequest r = record.request();
        PolicyVerdict v = r.verdict();
        List<LayoutBlock> blocks = new ArrayList<>();
        blocks.add(header(h -> h.text(plainText(truncate(title(record), 150)))));
        List<TextObject> fields = new ArrayList<>();
        fields.add(markdownText("*Resource*\n`" + r.target() + "`"));
        fields.add(markdownText("*Action*\n" + verb(r.type()) + " (" + r.findingKind() + ")"));
        fields.add(markdownText("*Current → proposed*\n" + truncate(change(r), 1900)));
        fields.add(markdownText("*Savings*\n" + usd(r.monthlyUsd()) + " / month"));
        fields.add(markdownText("*Risk*\n" + risk(r, reversible)));
        fields.add(markdownText("*Confidence*\n" + (r.confidence() == null ? "not known"
                : Math.round(r.confidence() * 100) + "%")));
        fields.add(markdownText("*Policy*\n" + (v.policy().isEmpty() ? "none" : v.policy() + " / " + v.rule())));
        if (v.expiresAt() != null) {
            fields.add(markdownText("*Expires*\n" + date(v.expiresAt())));
        }
        blocks.add(section(s -> s.fields(fields)));
        String whatIf = whatIf(r.whatIf());
        if (!whatIf.isEmpty()) {
            blocks.add(section(s -> s.text(markdownText(truncate(whatIf, SECTION_LIMIT)))));
        }
        StringBuilder why = new StringBuilder("*Why*");
        for (String reason : v.reasons()) {
            why.append("\n• ").append(reason);
        }
        blocks.add(section(s -> s.text(markdownText(truncate(why.toString(), SECTION_LIMIT)))));
        String outcome = outcome(record);
        if (!outcome.isEmpty()) {
            blocks.add(section(s -> s.text(markdownText(truncate(outcome, SECTION_LIMIT)))));
        }
        List<BlockElement> buttons = buttons(record, reversible);
        if (!buttons.isEmpty()) {
            blocks.add(actions(a -> a.blockId("reclaimer_actions").elements(buttons)));
        }
        String approvers = v.approvers().isEmpty() ? "" : " · approvers: " + String.join(", ", v.approvers());
        blocks.add(context(c -> c.elements(List.of(markdownText("Action `" + r.actionId() + "`" + approvers)))));
        return blocks;
    }

    private static List<BlockElement> buttons(ActionRecord record, boolean reversible) {
        String id = record.actionId();
        List<BlockElement> buttons = new ArrayList<>();
        Phase phase = record.phase();
        if (phase == Phase.PENDING_APPROVAL) {
            buttons.add(button(b -> b.actionId(APPROVE).value(id).style("primary").text(plainText("Approve"))));
            buttons.add(button(b -> b.actionId(REJECT).value(id).style("danger").text(plainText("Reject"))));
            buttons.add(button(b -> b.actionId(SNOOZE).value(id).text(plainText("Snooze"))));
        } else if ((phase == Phase.EXECUTED || phase == Phase.ROLLBACK_FAILED) && reversible) {
            buttons.add(button(b -> b.actionId(ROLLBACK).value(id).text(plainText("Rollback"))
                    .confirm(confirmationDialog(c -> c.title(plainText("Roll back?"))
                            .text(markdownText("Undo " + verb(record.request().type()) + " of `"
                                    + record.request().target() + "`?"))
                            .confirm(plainText("Roll back")).deny(plainText("Cancel"))))));
        }
        return buttons;
    }

    static String title(ActionRecord record) {
        ActionRequest r = record.request();
        String what = verb(r.type()) + " " + r.target();
        return switch (record.phase()) {
            case PENDING_APPROVAL -> "Approve: " + what + "?";
            case APPROVED, IN_FLIGHT -> "Approved, executing: " + what;
            case EXECUTED -> "Executed: " + what;
            case REJECTED -> "Rejected: " + what;
            case SNOOZED -> "Snoozed: " + what;
            case EXPIRED -> "Expired: " + what;
            case ABORTED -> "Aborted: " + what;
            case FAILED -> "Failed: " + what;
            case WITHDRAWN -> "Withdrawn: " + what;
            case PROPOSED_IN_GIT -> "Proposed in Git: " + what;
            case REVERTED -> "Reverted: " + what;
            case ROLLBACK_IN_FLIGHT -> "Rolling back: " + what;
            case ROLLED_BACK -> "Rolled back: " + what;
            case ROLLBACK_FAILED -> "Rollback failed: " + what;
            case DRY_RUN -> "Dry run: " + what;
            case AUTO -> "Automatic: " + what;
        };
    }

    private static String outcome(ActionRecord record) {
        List<String> lines = new ArrayList<>();
        record.currentDecision().ifPresent(d -> lines.add("*" + decided(d) + "* by " + actor(d.actor()) + " at "
                + date(d.decidedAt()) + (d.comment().isEmpty() ? "" : ": " + d.comment())));
        record.lastResult().filter(res -> res.status() != ActionResult.Status.STARTED
                        && res.status() != ActionResult.Status.ROLLBACK_STARTED)
                .ifPresent(res -> lines.add("*" + res.status().name().toLowerCase(Locale.ROOT).replace('_', ' ')
                        + "* at " + date(res.at()) + (res.reason().isEmpty() ? "" : ": " + res.reason())));
        return String.join("\n", lines);
    }

    private static String decided(ActionDecision d) {
        return switch (d.outcome()) {
            case APPROVED -> "Approved";
            case REJECTED -> "Rejected";
            case SNOOZED -> "Snoozed";
            case EXPIRED -> "Expired";
        };
    }

    private static String actor(String actor) {
        return actor.startsWith("slack:") ? "<@" + actor.substring("slack:".length()) + ">" : actor;
    }

    /** current → proposed for every proposed key, in words and units people read. */
    static String change(ActionRequest r) {
        Set<String> keys = new LinkedHashSet<>(r.proposedState().keySet());
        List<String> parts = new ArrayList<>();
        for (String key : keys) {
            if (key.equals(ActionParameters.MARK_VALUE) || key.equals(ActionParameters.ACT_AFTER)
                    || key.equals(ActionParameters.LIMITS)) {
                continue;
            }
            String from = r.currentState().get(key);
            String to = r.proposedState().get(key);
            parts.add(label(key) + ": " + (from == null ? "" : value(key, from) + " → ") + value(key, to));
        }
        if (r.currentState().containsKey(ActionParameters.SCHEDULE)) {
            parts.add(0, "always on → sleeps outside the window");
        }
        String limits = r.proposedState().get(ActionParameters.LIMITS);
        if (limits != null) {
            parts.add("limits: " + switch (limits) {
                case ActionParameters.LIMITS_PROPORTIONAL -> "scaled by the same ratio";
                case "drop-cpu" -> "CPU limit removed";
                default -> "unchanged";
            });
        }
        return parts.isEmpty() ? "—" : String.join("\n", parts);
    }

    private static String label(String key) {
        return switch (key) {
            case ActionParameters.CPU_REQUEST_CORES -> "CPU request";
            case ActionParameters.MEMORY_REQUEST_BYTES -> "memory request";
            case ActionParameters.SCHEDULE_WINDOW -> "uptime window";
            case ActionParameters.TIME_ZONE -> "time zone";
            default -> key;
        };
    }

    private static String value(String key, String value) {
        if (key.equals(ActionParameters.CPU_REQUEST_CORES)) {
            BigDecimal cores = new BigDecimal(value);
            return cores.compareTo(BigDecimal.ONE) < 0
                    ? cores.multiply(BigDecimal.valueOf(1000)).setScale(0, RoundingMode.CEILING) + "m" : value + " cores";
        }
        if (key.equals(ActionParameters.MEMORY_REQUEST_BYTES)) {
            return new BigDecimal(value).divide(BigDecimal.valueOf(1L << 20), 0, RoundingMode.CEILING) + " MiB";
        }
        return value;
    }

    /**
     * The what-if of the recommended value, as the recommendation estimated it from the container's state (empty
     * without one): what the approver risks at the recommended requests, in the words of {@code WhatIfEstimate}.
     */
    static String whatIf(WhatIfEstimate w) {
        if (w == null) {
            return "";
        }
        String cpu = value("cpuRequestCores", BigDecimal.valueOf(w.cpuCores()).toPlainString());
        String memory = value("memoryRequestBytes", Long.toString(w.memoryBytes()));
        StringBuilder text = new StringBuilder("*What-if at the recommended requests (CPU " + cpu + ", memory " + memory
                + ")*, estimated from the container's state as of " + date(w.asOf()) + " (not a replay of its samples)");
        text.append(String.format(Locale.ROOT, "\n• CPU: %.2f%% of samples above it (recent days weigh most); "
                + "throttled about %.2f%% of the time were it the limit", w.cpuAbovePercent(), w.cpuThrottledPercent()));
        if (w.memoryDays() == 0) {
            text.append("\n• memory: no daily peak known yet");
        } else {
            text.append("\n• memory: ").append(w.memoryDaysAbove()).append(" of ").append(w.memoryDays())
                    .append(" days peaked above it (an OOM kill each), ").append(w.memoryDaysWithin5Percent())
                    .append(" came within 5% below");
        }
        if (w.worstDay() != null) {
            text.append("\n• worst day ").append(w.worstDay().date()).append(": peaks of CPU ")
                    .append(value("cpuRequestCores", BigDecimal.valueOf(w.worstDay().cpuPeakCores()).toPlainString()))
                    .append(", memory ").append(value("memoryRequestBytes", Long.toString(w.worstDay().memoryPeakBytes())));
        }
        return text.toString();
    }

    static String risk(ActionRequest r, boolean reversible) {
        return switch (r.type()) {
            case DOWNSIZE -> "medium: pods restart with lower requests; rollback restores the previous values";
            case SCHEDULE -> "low: workloads sleep outside the window and wake inside it; rollback wakes them";
            case MARK_FOR_OP -> "low: only a tag or annotation is written";
            case DELETE -> reversible ? "medium: " + (Map.of("unattached-volume", "deleted after a completed snapshot; "
                    + "rollback restores it from the snapshot").getOrDefault(r.findingKind().wireName(),
                    "rollback can restore it"))
                    : "high: cannot be rolled back";
        };
    }

    static String verb(ActionType type) {
        return switch (type) {
            case DOWNSIZE -> "downsize";
            case SCHEDULE -> "schedule";
            case DELETE -> "delete";
            case MARK_FOR_OP -> "mark for deletion";
        };
    }

    static String usd(double amount) {
        return "$" + BigDecimal.valueOf(amount).setScale(2, RoundingMode.HALF_UP).toPlainString();
    }

    private static String date(Instant at) {
        return "<!date^" + at.getEpochSecond() + "^{date_short_pretty} {time}|" + at + ">";
    }

    private static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
