package io.reclaimer.actions.flow;

import io.reclaimer.model.actions.ActionParameters;
import io.reclaimer.model.actions.ActionType;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Stable action ids: the same finding with the same proposed state always gets the same id, so judging an
 * unchanged finding again (every cycle, after every restart) can never create a second action. Keys whose
 * value is a timestamp of the evaluation (a mark's value, the end of a grace period) are left out of the
 * identity, or every evaluation would look new. Deletes also carry the waste episode's start
 * ({@code since}): a volume that is used again and orphaned again later is a new action, not the old one.
 */
final class ActionIds {

    /** Proposed-state keys that change with every evaluation and so are not part of the identity. */
    public static final Set<String> VOLATILE_KEYS = Set.of(ActionParameters.MARK_VALUE, ActionParameters.ACT_AFTER);

    private ActionIds() {
    }

    public static String of(String findingId, ActionType type, Map<String, String> proposedState, Instant since) {
        StringBuilder identity = new StringBuilder().append(findingId).append('\n').append(type.name()).append('\n');
        new TreeMap<>(proposedState).forEach((k, v) -> {
            if (!VOLATILE_KEYS.contains(k)) {
                identity.append(k).append('=').append(v).append('\n');
            }
        });
        if ((type == ActionType.DELETE || type == ActionType.MARK_FOR_OP) && since != null) {
            identity.append("since=").append(since);
        }
        return type.wireName() + "-" + sha256(identity.toString()).substring(0, 20);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
