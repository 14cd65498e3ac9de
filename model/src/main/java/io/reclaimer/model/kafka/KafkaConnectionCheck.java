package io.reclaimer.model.kafka;

import io.reclaimer.model.kafka.KafkaAccessException.Cause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The start-up probe every Kafka-talking command runs before anything else: a bounded {@code describeCluster}
 * and a {@code describeTopics} of the topics the command needs. Kafka's clients retry a listener that never
 * completes a handshake forever (a client without SASL settings against a SASL listener waits in metadata
 * retries), so without this probe a misconfigured service hangs; with it, it ends within the timeout with
 * one line naming the cause: authentication, TLS, authorization, no response, or missing topics.
 */
public final class KafkaConnectionCheck {

    /** Long enough for a loaded broker, short enough that a wrong password ends a command within 30 s. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private KafkaConnectionCheck() {
    }

    /** Connects, authenticates and describes {@code topics}; throws {@link KafkaAccessException} when that fails. */
    public static void verify(KafkaClientSettings kafka, Collection<String> topics, Duration timeout) {
        Map<String, Object> config = kafka.clientConfig();
        int millis = (int) timeout.toMillis();
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "reclaimer-connection-check");
        Admin admin;
        try {
            admin = Admin.create(config);
        } catch (KafkaException e) {
            throw new KafkaAccessException(Cause.CONFIGURATION, "invalid Kafka client settings for "
                    + kafka.bootstrapServers() + ": " + rootMessage(e), e);
        }
        try (admin) {
            admin.describeCluster().nodes().get(millis + 2_000L, TimeUnit.MILLISECONDS);
            if (!topics.isEmpty()) {
                admin.describeTopics(new TreeSet<>(topics), new DescribeTopicsOptions().timeoutMs(millis))
                        .allTopicNames().get(millis + 2_000L, TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException e) {
            throw classify(kafka, e.getCause(), timeout, topics);
        } catch (java.util.concurrent.TimeoutException e) {
            throw classify(kafka, new TimeoutException("no answer"), timeout, topics);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while connecting to Kafka", e);
        }
    }

    /** What a failure of any Kafka client means, as one line; {@code topics} are those the caller asked for. */
    public static KafkaAccessException classify(KafkaClientSettings kafka, Throwable error, Duration timeout,
                                                Collection<String> topics) {
        String where = "Kafka at " + kafka.bootstrapServers();
        error = meaningful(error);
        if (error instanceof KafkaAccessException access) {
            return access;
        }
        if (error instanceof SslAuthenticationException) {
            return new KafkaAccessException(Cause.TLS, where + ": TLS handshake failed (check ssl.truststore.*, the "
                    + "broker's certificate and host name, and that the listener speaks TLS): " + rootMessage(error), error);
        }
        if (error instanceof SaslAuthenticationException || error instanceof AuthenticationException) {
            return new KafkaAccessException(Cause.AUTHENTICATION, where + ": authentication failed (wrong user or "
                    + "password, or a SASL mechanism the listener does not enable): " + rootMessage(error), error);
        }
        if (error instanceof TopicAuthorizationException denied) {
            List<String> names = new ArrayList<>(denied.unauthorizedTopics());
            return new KafkaAccessException(Cause.AUTHORIZATION, where + ": authorization failed: this principal "
                    + "may not access topic(s) " + (names.isEmpty() ? topics : names)
                    + ", or they are missing and it may not create them (grant the ACLs of `reclaimer acls --role ...`)", error);
        }
        if (error instanceof AuthorizationException) {
            return new KafkaAccessException(Cause.AUTHORIZATION, where + ": authorization failed: "
                    + rootMessage(error) + " (grant the ACLs of `reclaimer acls --role ...`)", error);
        }
        if (error instanceof UnknownTopicOrPartitionException) {
            return new KafkaAccessException(Cause.MISSING_TOPICS, where + ": missing topic(s) among " + new TreeSet<>(topics)
                    + ": create them with `reclaimer topics --create` (as a principal allowed to create topics)", error);
        }
        if (error instanceof org.apache.kafka.common.errors.InvalidReplicationFactorException) {
            return new KafkaAccessException(Cause.CONFIGURATION, where + ": " + rootMessage(error)
                    + " (set kafka.replicationFactor, or topics --create --replication-factor, to what the cluster has)",
                    error);
        }
        if (error instanceof TimeoutException) {
            return new KafkaAccessException(Cause.NO_RESPONSE, where + ": no response within " + timeout.toSeconds()
                    + " s: is it reachable, and do security.protocol and the SASL/TLS client properties match its "
                    + "listener? (" + kafka.redactedProperties() + ")", error);
        }
        return new KafkaAccessException(Cause.CONFIGURATION, where + ": " + rootMessage(error), error);
    }

    /** The first error in the chain that says why (wrappers such as ExecutionException say nothing). */
    private static Throwable meaningful(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof KafkaAccessException || t instanceof AuthenticationException
                    || t instanceof AuthorizationException || t instanceof UnknownTopicOrPartitionException
                    || t instanceof TimeoutException
                    || t instanceof org.apache.kafka.common.errors.InvalidReplicationFactorException) {
                return t;
            }
        }
        return error;
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.replaceAll("\\s+", " ").trim();
    }
}
