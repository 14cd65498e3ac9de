package io.reclaimer.actions.approval;

import com.slack.api.Slack;
import com.slack.api.SlackConfig;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.SlackApiException;
import com.slack.api.methods.SlackApiTextResponse;
import com.slack.api.model.block.LayoutBlock;
import io.reclaimer.actions.ledger.SlackMessage;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Slack Web API calls of approvals, through the Slack SDK's {@link MethodsClient}: post, update, ephemeral
 * replies, and user-group membership (cached a few minutes). The base URL is configurable
 * ({@link SlackConfig#setMethodsEndpointUrlPrefix}) for Slack-compatible servers and tests. Failures are
 * logged with Slack's error code, never with the token.
 */
public final class SlackGateway {

    private static final Logger LOG = LoggerFactory.getLogger(SlackGateway.class);
    private static final Duration GROUP_CACHE = Duration.ofMinutes(5);

    private final Slack slack;
    private final MethodsClient methods;
    private final String channel;
    private final Clock clock;
    private volatile List<com.slack.api.model.Usergroup> groups = List.of();
    private volatile Instant groupsReadAt = Instant.EPOCH;

    public SlackGateway(String apiUrl, String token, String channel, Clock clock) {
        SlackConfig config = new SlackConfig();
        config.setMethodsEndpointUrlPrefix(apiUrl);
        config.setPrettyResponseLoggingEnabled(false);
        this.slack = Slack.getInstance(config);
        this.methods = slack.methods(token);
        this.channel = channel;
        this.clock = clock;
    }

    /** The configured SDK instance, shared with Bolt so both talk to the same API URL. */
    public Slack slack() {
        return slack;
    }

    public String channel() {
        return channel;
    }

    public Optional<SlackMessage> post(String text, List<LayoutBlock> blocks) {
        try {
            var response = methods.chatPostMessage(r -> r.channel(channel).text(text).blocks(blocks));
            if (ok("chat.postMessage", response)) {
                return Optional.of(new SlackMessage(response.getChannel(), response.getTs()));
            }
        } catch (IOException | SlackApiException e) {
            LOG.warn("chat.postMessage to {} failed: {}", channel, e.getMessage());
        }
        return Optional.empty();
    }

    public boolean update(SlackMessage message, String text, List<LayoutBlock> blocks) {
        try {
            return ok("chat.update", methods.chatUpdate(r -> r.channel(message.channel()).ts(message.ts()).text(text)
                    .blocks(blocks)));
        } catch (IOException | SlackApiException e) {
            LOG.warn("chat.update of {} failed: {}", message, e.getMessage());
            return false;
        }
    }

    public boolean ephemeral(String channelId, String user, String text) {
        try {
            return ok("chat.postEphemeral", methods.chatPostEphemeral(r -> r.channel(channelId).user(user).text(text)));
        } catch (IOException | SlackApiException e) {
            LOG.warn("chat.postEphemeral to {} failed: {}", user, e.getMessage());
            return false;
        }
    }

    /** Handles and ids of the user groups {@code userId} belongs to (empty when Slack will not say). */
    public Set<String> groupsOf(String userId) {
        Instant now = clock.instant();
        if (now.isAfter(groupsReadAt.plus(GROUP_CACHE))) {
            try {
                var response = methods.usergroupsList(r -> r.includeUsers(true));
                if (ok("usergroups.list", response)) {
                    groups = response.getUsergroups() == null ? List.of() : response.getUsergroups();
                    groupsReadAt = now;
                }
            } catch (IOException | SlackApiException e) {
                LOG.warn("usergroups.list failed: {}", e.getMessage());
            }
        }
        Set<String> mine = new HashSet<>();
        for (var group : groups) {
            if (group.getUsers() != null && group.getUsers().contains(userId)) {
                mine.add(group.getId());
                if (group.getHandle() != null) {
                    mine.add(group.getHandle());
                }
            }
        }
        return mine;
    }

    private static boolean ok(String method, SlackApiTextResponse response) {
        if (!response.isOk()) {
            LOG.warn("{} answered error '{}'{}", method, response.getError(),
                    response.getNeeded() == null ? "" : " (needs scope " + response.getNeeded() + ")");
        }
        return response.isOk();
    }
}
