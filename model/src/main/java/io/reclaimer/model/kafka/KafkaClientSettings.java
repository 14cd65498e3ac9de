package io.reclaimer.model.kafka;

import java.util.Collections;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * How every Kafka client of this process connects: the bootstrap servers and the client properties of
 * {@code kafka.clientProperties} / {@code --kafka-property} ({@code security.protocol}, {@code ssl.*},
 * {@code sasl.*}, ...). Every producer, consumer, admin and Streams client starts from {@link #clientConfig()}
 * and adds only its own behaviour (acks, isolation, transactional id), so a secured cluster needs its settings
 * once. Values may reference secrets in files through Kafka's own config providers: {@code ${file:PATH:KEY}}
 * (a key of a properties file) and {@code ${dir:DIR:FILE}} (a whole file, as Kubernetes mounts a secret);
 * both providers are registered when a value uses them. Secrets never appear in {@link #toString()}.
 */
public record KafkaClientSettings(String bootstrapServers, Map<String, String> properties) {

    private static final String REDACTED = "[redacted]";

    public KafkaClientSettings {
        if (bootstrapServers == null || bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("Kafka bootstrap servers are required");
        }
        bootstrapServers = bootstrapServers.trim();
        Map<String, String> copy = new TreeMap<>();
        if (properties != null) {
            properties.forEach((key, value) -> {
                if (key == null || key.isBlank()) {
                    throw new IllegalArgumentException("Kafka client property with an empty name");
                }
                if (key.trim().equals(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)) {
                    throw new IllegalArgumentException("bootstrap.servers is not a client property here: set "
                            + "kafka.bootstrapServers or --kafka-bootstrap");
                }
                copy.put(key.trim(), value == null ? "" : value);
            });
        }
        properties = Collections.unmodifiableMap(copy);
    }

    public static KafkaClientSettings of(String bootstrapServers) {
        return new KafkaClientSettings(bootstrapServers, Map.of());
    }

    /** The same cluster with more client properties ({@code more} wins). */
    public KafkaClientSettings with(Map<String, String> more) {
        Map<String, String> all = new TreeMap<>(properties);
        all.putAll(more);
        return new KafkaClientSettings(bootstrapServers, all);
    }

    /** A fresh, mutable client config: bootstrap servers, the client properties and the config providers they use. */
    public Map<String, Object> clientConfig() {
        Map<String, Object> config = new HashMap<>(properties);
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        if (!properties.containsKey("config.providers")) {
            boolean file = properties.values().stream().anyMatch(v -> v.contains("${file:"));
            boolean dir = properties.values().stream().anyMatch(v -> v.contains("${dir:"));
            if (file || dir) {
                config.put("config.providers", file && dir ? "file,dir" : file ? "file" : "dir");
                config.put("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider");
                config.put("config.providers.dir.class",
                        "org.apache.kafka.common.config.provider.DirectoryConfigProvider");
            }
        }
        return config;
    }

    /** {@link #clientConfig()} as {@link Properties}, for clients built from them. */
    public Properties clientProperties() {
        Properties p = new Properties();
        p.putAll(clientConfig());
        return p;
    }

    /** Whether the cluster is reached with authentication or encryption (anything but PLAINTEXT). */
    public boolean secured() {
        String protocol = properties.getOrDefault(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "PLAINTEXT");
        return !protocol.trim().equalsIgnoreCase("PLAINTEXT");
    }

    /**
     * Whether a property holds a secret: JAAS configs, passwords, keys, tokens and credentials. A reference to a
     * config provider ({@code ${file:...}}) is not a secret and is shown.
     */
    public static boolean secret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("jaas") || k.contains("password") || k.contains("secret") || k.contains("token")
                || k.contains("credential") || k.endsWith(".key") || k.contains("keystore.key")
                || k.contains("certificate.chain") || k.contains("private");
    }

    /** The properties as they may be printed: secrets redacted unless they are config-provider references. */
    public Map<String, String> redactedProperties() {
        return redact(properties);
    }

    /** Client properties as they may be printed or logged. */
    public static Map<String, String> redact(Map<String, String> properties) {
        Map<String, String> shown = new TreeMap<>();
        properties.forEach((k, v) -> shown.put(k, secret(k) && v != null && !v.trim().startsWith("${") ? REDACTED : v));
        return shown;
    }

    @Override
    public String toString() {
        return "KafkaClientSettings[bootstrapServers=" + bootstrapServers + ", properties=" + redactedProperties() + "]";
    }
}
