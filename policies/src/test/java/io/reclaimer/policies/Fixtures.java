package io.reclaimer.policies;

import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.policies.evaluation.PolicyEngine;
import io.reclaimer.policies.loading.PolicyLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Builders for findings and policy files in tests. */
public final class Fixtures {

    public static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    private Fixtures() {
    }

    /** Writes {@code yaml} to {@code dir/name} and returns the file. */
    public static Path write(Path dir, String name, String yaml) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static PolicyEngine engine(Path dir, String... namesAndYaml) {
        for (int i = 0; i < namesAndYaml.length; i += 2) {
            write(dir, namesAndYaml[i], namesAndYaml[i + 1]);
        }
        return new PolicyEngine(PolicyLoader.load(dir));
    }

    public static String policy(String name, String rulesYaml) {
        return "apiVersion: reclaimer.io/v1\nkind: Policy\nmetadata:\n  name: " + name + "\nspec:\n  rules:\n" + rulesYaml;
    }

    public static String guardrails(String specYaml) {
        return "apiVersion: reclaimer.io/v1\nkind: Guardrails\nmetadata:\n  name: test\nspec:\n" + specYaml;
    }

    public static FindingBuilder finding(FindingKind kind) {
        return new FindingBuilder(kind);
    }

    /** A finding with sensible defaults: 30 days old, 50 USD/month, confidence 0.9, namespace {@code shop}. */
    public static final class FindingBuilder {
        private final FindingKind kind;
        private String name = "res-1";
        private String provider = "kubernetes";
        private String cluster = "prod-eu";
        private String namespace = "shop";
        private String account = "";
        private String region = "";
        private double monthlyUsd = 50;
        private Instant since = NOW.minusSeconds(30 * 86_400L);
        private Double confidence = 0.9;
        private final Map<String, String> evidence = new HashMap<>();
        private final Map<String, String> labels = new HashMap<>();
        private final Map<String, String> annotations = new HashMap<>();
        private final Map<String, String> tags = new HashMap<>();

        FindingBuilder(FindingKind kind) {
            this.kind = kind;
        }

        public FindingBuilder name(String value) {
            name = value;
            return this;
        }

        public FindingBuilder aws(String account, String region) {
            provider = "aws";
            cluster = "";
            namespace = "";
            this.account = account;
            this.region = region;
            return this;
        }

        public FindingBuilder cluster(String value) {
            cluster = value;
            return this;
        }

        public FindingBuilder namespace(String value) {
            namespace = value;
            return this;
        }

        public FindingBuilder monthlyUsd(double value) {
            monthlyUsd = value;
            return this;
        }

        public FindingBuilder since(Instant value) {
            since = value;
            return this;
        }

        public FindingBuilder confidence(Double value) {
            confidence = value;
            return this;
        }

        public FindingBuilder evidence(String key, String value) {
            evidence.put(key, value);
            return this;
        }

        public FindingBuilder label(String key, String value) {
            labels.put(key, value);
            return this;
        }

        public FindingBuilder annotation(String key, String value) {
            annotations.put(key, value);
            return this;
        }

        public FindingBuilder tag(String key, String value) {
            tags.put(key, value);
            return this;
        }

        public Finding build() {
            String resource = "aws".equals(provider) ? "aws/" + account + "/" + region + "/" + name
                    : cluster + "/" + namespace + "/Thing/" + name;
            return new Finding(Finding.idFor(kind, resource), kind, resource, "Thing", name, provider, cluster, namespace,
                    account, region, monthlyUsd, since, NOW, confidence, evidence, labels, annotations, tags);
        }
    }
}
