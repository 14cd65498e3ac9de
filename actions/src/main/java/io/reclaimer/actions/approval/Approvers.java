package io.reclaimer.actions.approval;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Who may decide on an action: the verdict's approvers, written as Slack user ids ({@code U0123ABCD}), mentions
 * ({@code <@U0123ABCD>}), user-group handles ({@code @finops}) or group ids ({@code S0123ABCD},
 * {@code <!subteam^S0123ABCD>}). A user matches by id or by membership of a group (as Slack's usergroups.list
 * reports it), never by name: anyone can rename themselves, so a user named like a group handle, or like an
 * approver, is refused. Pure.
 */
final class Approvers {

    private Approvers() {
    }

    /** A Slack user who clicked: id, user name (shown, never trusted), and the handles and ids of their user groups. */
    public record SlackUser(String id, String name, Set<String> groups) {
        public SlackUser {
            name = name == null ? "" : name;
            groups = groups == null ? Set.of() : Set.copyOf(groups);
        }
    }

    public static boolean allowed(List<String> approvers, SlackUser user) {
        for (String raw : approvers) {
            String approver = normalize(raw);
            if (approver.isEmpty()) {
                continue;
            }
            if (approver.equalsIgnoreCase(user.id())) {
                return true;
            }
            for (String group : user.groups()) {
                if (approver.equalsIgnoreCase(normalize(group))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** {@code <@U1>} → {@code U1}; {@code <!subteam^S1|@x>} → {@code S1}; {@code @alice} → {@code alice}. */
    static String normalize(String approver) {
        String a = approver == null ? "" : approver.trim();
        if (a.startsWith("<@") && a.endsWith(">")) {
            a = a.substring(2, a.length() - 1);
        } else if (a.startsWith("<!subteam^") && a.endsWith(">")) {
            a = a.substring("<!subteam^".length(), a.length() - 1);
        }
        int bar = a.indexOf('|');
        if (bar >= 0) {
            a = a.substring(0, bar);
        }
        if (a.startsWith("@")) {
            a = a.substring(1);
        }
        return a.toLowerCase(Locale.ROOT);
    }
}
