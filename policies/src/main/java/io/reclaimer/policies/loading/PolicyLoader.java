package io.reclaimer.policies.loading;

import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.policies.evaluation.PolicySet;
import io.reclaimer.policies.guardrails.Guardrails;
import io.reclaimer.policies.loading.DocReader.Fields;
import io.reclaimer.policies.rules.Policy;
import io.reclaimer.policies.rules.Rule;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads policy files: a single file, or every {@code *.yaml} / {@code *.yml} below a directory, in path order
 * (which is also the policies' evaluation order). Each YAML document is one of
 * {@code apiVersion: reclaimer.io/v1} {@code kind: Policy}, {@code Guardrails} (at most one per set) or
 * {@code PolicyTest}. The schema is strict: unknown keys, wrong types, bad CEL, bad cron are errors reported
 * as {@code file:line:column: message}, all of them in one pass. The only I/O of the policies module.
 */
public final class PolicyLoader {

    public static final String API_VERSION = "reclaimer.io/v1";
    static final List<String> DOCUMENT_KEYS = List.of("apiVersion", "kind", "metadata", "spec");
    static final List<String> METADATA_KEYS = List.of("name", "description");
    static final List<String> KINDS = List.of("Policy", "Guardrails", "PolicyTest");

    private PolicyLoader() {
    }

    /** The policy set at {@code path}, or a {@link PolicyLoadException} listing every problem. */
    public static PolicySet load(Path path) {
        return read(path).policySetOrThrow();
    }

    /** Everything at {@code path} with all problems found; never throws for bad content. */
    public static PolicyFiles read(Path path) {
        List<Diagnostic> problems = new ArrayList<>();
        List<SourceFile> files = sources(path, problems);
        List<Policy> policies = new ArrayList<>();
        List<Guardrails> guardrails = new ArrayList<>();
        List<PolicyTestCase> tests = new ArrayList<>();
        List<DocReader> guardrailReaders = new ArrayList<>();
        List<Node> guardrailNodes = new ArrayList<>();
        Map<String, String> policyNames = new HashMap<>();
        for (SourceFile file : files) {
            DocReader reader = new DocReader(file, problems);
            for (Node document : documents(file, reader)) {
                Fields fields = reader.fields(document, "document", DOCUMENT_KEYS);
                if (!(document instanceof MappingNode)) {
                    continue;
                }
                Node apiVersion = fields.required("apiVersion");
                if (apiVersion != null) {
                    String text = reader.text(apiVersion, "apiVersion");
                    if (text != null && !API_VERSION.equals(text)) {
                        reader.error(apiVersion, "unsupported apiVersion '" + text + "' (expected " + API_VERSION + ")");
                    }
                }
                Node kindNode = fields.required("kind");
                String kind = kindNode == null ? null : reader.text(kindNode, "kind");
                if (kind != null && !KINDS.contains(kind)) {
                    reader.error(kindNode, "unknown kind '" + kind + "'" + DocReader.suggestion(kind, KINDS));
                    continue;
                }
                String name = null;
                String description = "";
                Node metadata = fields.required("metadata");
                if (metadata != null) {
                    Fields meta = reader.fields(metadata, "metadata", METADATA_KEYS);
                    Node nameNode = meta.required("name");
                    name = nameNode == null ? null : reader.text(nameNode, "name");
                    if (meta.get("description") != null) {
                        description = reader.text(meta.get("description"), "description");
                    }
                }
                Node spec = fields.required("spec");
                if (spec == null || kind == null) {
                    continue;
                }
                switch (kind) {
                    case "Policy" -> {
                        Policy policy = PolicyParser.parse(reader, document, name, description, spec);
                        if (policy != null) {
                            String previous = policyNames.putIfAbsent(policy.name(), policy.source().toString());
                            if (previous != null) {
                                reader.error(metadata, "duplicate policy name '" + policy.name() + "' (also at " + previous + ")");
                            }
                            policies.add(policy);
                        }
                    }
                    case "Guardrails" -> {
                        guardrails.add(GuardrailsParser.parse(reader, document, spec));
                        guardrailReaders.add(reader);
                        guardrailNodes.add(kindNode);
                    }
                    default -> tests.addAll(TestParser.parse(reader, name == null ? "" : name, spec));
                }
            }
        }
        for (int i = 1; i < guardrails.size(); i++) {
            guardrailReaders.get(i).error(guardrailNodes.get(i), "a policy set has one Guardrails document; another is at "
                    + guardrails.get(0).source());
        }
        Guardrails effective = guardrails.isEmpty() ? Guardrails.defaults() : guardrails.get(0);
        if (effective.approvals().defaultApprovers().isEmpty()) {
            for (Policy policy : policies) {
                for (Rule rule : policy.rules()) {
                    if (rule.decision() == Outcome.APPROVE && rule.approvers().isEmpty()) {
                        problems.add(new Diagnostic(displayOf(files, rule.source().file()), rule.source().line(),
                                rule.source().column(), "rule '" + rule.name() + "' says approve but names no approvers"
                                + " and the guardrails have no approvals.defaultApprovers"));
                    }
                }
            }
        }
        PolicySet set = problems.isEmpty() ? new PolicySet(policies, effective) : null;
        return new PolicyFiles(set, tests, problems);
    }

    private static String displayOf(List<SourceFile> files, String relative) {
        return files.stream().filter(f -> f.relative().equals(relative)).map(SourceFile::display).findFirst().orElse(relative);
    }

    private static List<Node> documents(SourceFile file, DocReader reader) {
        List<Node> documents = new ArrayList<>();
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(50);
        try {
            for (Node node : new Yaml(options).composeAll(new StringReader(file.text()))) {
                if (node != null) {
                    documents.add(node);
                }
            }
        } catch (MarkedYAMLException e) {
            var mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String message = "invalid YAML: " + (e.getProblem() != null ? e.getProblem() : e.getMessage());
            if (mark != null) {
                reader.error(mark, message);
            } else {
                reader.errorAt(1, 1, message);
            }
        } catch (RuntimeException e) {
            reader.errorAt(1, 1, "invalid YAML: " + e.getMessage());
        }
        return documents;
    }

    private static List<SourceFile> sources(Path path, List<Diagnostic> problems) {
        List<SourceFile> files = new ArrayList<>();
        if (Files.isRegularFile(path)) {
            add(files, path, path.toString(), path.getFileName().toString(), problems);
            return files;
        }
        if (!Files.isDirectory(path)) {
            problems.add(new Diagnostic(path.toString(), 1, 1, "no such file or directory"));
            return files;
        }
        List<Path> found;
        try (Stream<Path> walk = Files.walk(path)) {
            // hidden entries are skipped: a Kubernetes ConfigMap mount keeps every file twice, once in the
            // timestamped directory ..2026_..., once as a symlink through ..data; only the visible one counts
            found = walk.filter(Files::isRegularFile)
                    .filter(p -> !hidden(path.relativize(p)))
                    .filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
                    .sorted((a, b) -> unix(path.relativize(a)).compareTo(unix(path.relativize(b))))
                    .toList();
        } catch (IOException e) {
            problems.add(new Diagnostic(path.toString(), 1, 1, "cannot list: " + e.getMessage()));
            return files;
        }
        if (found.isEmpty()) {
            problems.add(new Diagnostic(path.toString(), 1, 1, "no policy files (*.yaml, *.yml) in this directory"));
        }
        for (Path file : found) {
            add(files, file, file.toString(), unix(path.relativize(file)), problems);
        }
        return files;
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    /**
     * A digest of what {@link #read} would read at {@code path}: the names and contents of the same files, and
     * any problem listing or reading them. Equal fingerprints mean an equal policy set, whatever the files'
     * timestamps (a ConfigMap update swaps a symlink, which mtimes do not always show).
     */
    public static String fingerprint(Path path) {
        List<Diagnostic> problems = new ArrayList<>();
        List<SourceFile> files = sources(path, problems);
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            for (SourceFile file : files) {
                update(digest, "file:" + file.relative());
                update(digest, file.text());
            }
            for (Diagnostic problem : problems) {
                update(digest, "problem:" + problem);
            }
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    private static void update(java.security.MessageDigest digest, String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        digest.update(java.nio.ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
    }

    private static void add(List<SourceFile> files, Path file, String display, String relative, List<Diagnostic> problems) {
        try {
            files.add(SourceFile.of(file, display, relative, Files.readString(file)));
        } catch (MalformedInputException e) {
            problems.add(new Diagnostic(display, 1, 1, "not UTF-8 text"));
        } catch (IOException e) {
            problems.add(new Diagnostic(display, 1, 1, "cannot read: " + e.getMessage()));
        }
    }

    private static String unix(Path relative) {
        return relative.toString().replace('\\', '/');
    }
}
