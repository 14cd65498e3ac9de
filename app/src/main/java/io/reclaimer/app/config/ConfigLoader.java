package io.reclaimer.app.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.reclaimer.model.time.Durations;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Loads {@link ReclaimerConfig} from a YAML file plus environment overrides.
 *
 * <p>An environment variable {@code RECLAIMER_<SECTION>_<OPTION>} overrides one option of a section, with
 * the option name in upper snake case ({@code RECLAIMER_KAFKA_BOOTSTRAP_SERVERS} overrides
 * {@code kafka.bootstrapServers}); lists take comma-separated values. Unknown sections and options are
 * errors, in the file and in the environment alike, because a misspelt option silently ignored is a
 * misconfiguration nobody notices. Every error names the file, line and column, or the variable.
 */
public final class ConfigLoader {

    private static final String ENV_PREFIX = "RECLAIMER_";
    private static final ObjectMapper YAML = mapper();

    private ConfigLoader() {
    }

    static ObjectMapper mapper() {
        SimpleModule durations = new SimpleModule("durations");
        durations.addDeserializer(Duration.class, new JsonDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
                return Durations.parse(p.getValueAsString());
            }
        });
        return YAMLMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(durations)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // an absent option is the documented default: records fill it in their constructor
                .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /** The configuration from {@code file} (null: defaults only) with the environment's overrides. */
    public static ReclaimerConfig load(Path file, Map<String, String> environment) {
        String source = file == null ? "<defaults>" : file.toString();
        JsonNode tree;
        if (file == null) {
            tree = JsonNodeFactory.instance.objectNode();
        } else {
            if (!Files.isRegularFile(file)) {
                throw new ConfigException(file + ": no such config file", null);
            }
            try {
                // bind straight from the file first: errors then carry the file's line and column
                YAML.readValue(file.toFile(), ReclaimerConfig.class);
                tree = YAML.readTree(file.toFile());
            } catch (IOException e) {
                String reason = reason(e);
                throw new ConfigException(source + ":" + position(e, reason, file) + ": " + reason, e);
            }
            if (tree == null || tree.isMissingNode() || tree.isNull()) {
                tree = JsonNodeFactory.instance.objectNode();
            }
        }
        Map<String, String> overrides = overrides(environment);
        if (!overrides.isEmpty()) {
            applyOverrides((ObjectNode) tree, overrides);
        }
        try {
            return YAML.treeToValue(tree, ReclaimerConfig.class);
        } catch (IOException e) {
            throw new ConfigException("environment overrides " + overrides.keySet() + ": " + reason(e), e);
        }
    }

    /**
     * Where a section is configured: {@code file:line:column} of its key, or the environment variables that set
     * its options; empty when neither does (its defaults apply unasked).
     */
    public static java.util.Optional<String> sectionSource(Path file, Map<String, String> environment, String section) {
        if (file != null && Files.isRegularFile(file)) {
            java.util.Optional<JsonLocation> key = YamlPositions.index(file).key("/" + section);
            if (key.isPresent()) {
                return java.util.Optional.of(file + ":" + key.get().getLineNr() + ":" + key.get().getColumnNr());
            }
        }
        String prefix = ENV_PREFIX + upperSnake(section) + "_";
        java.util.List<String> variables = overrides(environment).keySet().stream().filter(v -> v.startsWith(prefix)).toList();
        return variables.isEmpty() ? java.util.Optional.empty()
                : java.util.Optional.of("environment variable" + (variables.size() > 1 ? "s " : " ") + String.join(", ", variables));
    }

    private static Map<String, String> overrides(Map<String, String> environment) {
        Map<String, String> overrides = new TreeMap<>();
        environment.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && !name.equals("RECLAIMER_DEBUG") && !name.equals("RECLAIMER_JAVA_OPTS")) {
                overrides.put(name, value);
            }
        });
        return overrides;
    }

    private static void applyOverrides(ObjectNode root, Map<String, String> overrides) {
        overrides.forEach((variable, value) -> {
            String rest = variable.substring(ENV_PREFIX.length());
            RecordComponent section = null;
            String optionPart = null;
            for (RecordComponent candidate : ReclaimerConfig.class.getRecordComponents()) {
                String prefix = upperSnake(candidate.getName()) + "_";
                if (rest.startsWith(prefix)) {
                    section = candidate;
                    optionPart = rest.substring(prefix.length());
                }
            }
            if (section == null) {
                throw new ConfigException("environment variable " + variable + ": no such config section", null);
            }
            JsonNode existing = root.path(section.getName());
            ObjectNode node = existing.isObject() ? (ObjectNode) existing : root.putObject(section.getName());
            Class<?> type = section.getType();
            String where = "section " + section.getName();
            // nested records are reached by prefix: RECLAIMER_ACTIONS_SLACK_CHANNEL is actions.slack.channel
            while (true) {
                RecordComponent option = null;
                RecordComponent nested = null;
                for (RecordComponent candidate : type.getRecordComponents()) {
                    String name = upperSnake(candidate.getName());
                    if (name.equals(optionPart)) {
                        option = candidate;
                    } else if (candidate.getType().isRecord() && optionPart.startsWith(name + "_")) {
                        nested = candidate;
                    }
                }
                if (option != null) {
                    node.set(option.getName(), scalarOrList(value, option.getType()));
                    return;
                }
                if (nested == null) {
                    throw new ConfigException("environment variable " + variable + ": " + where + " has no option "
                            + optionPart, null);
                }
                optionPart = optionPart.substring(upperSnake(nested.getName()).length() + 1);
                JsonNode child = node.path(nested.getName());
                node = child.isObject() ? (ObjectNode) child : node.putObject(nested.getName());
                type = nested.getType();
                where = where + "." + nested.getName();
            }
        });
    }

    private static JsonNode scalarOrList(String value, Class<?> type) {
        if (Collection.class.isAssignableFrom(type)) {
            ArrayNode list = JsonNodeFactory.instance.arrayNode();
            for (String item : value.split(",")) {
                if (!item.isBlank()) {
                    list.add(scalar(item.trim()));
                }
            }
            return list;
        }
        if (type == String.class || type == Path.class || type == Duration.class || type == java.net.URI.class) {
            return JsonNodeFactory.instance.textNode(value);
        }
        return scalar(value);
    }

    /** A value as YAML would read it, so numbers and booleans get their types. */
    private static JsonNode scalar(String value) {
        try {
            JsonNode node = YAML.readTree(value);
            return node == null || node instanceof MissingNode || node.isContainerNode()
                    ? JsonNodeFactory.instance.textNode(value) : node;
        } catch (IOException e) {
            return JsonNodeFactory.instance.textNode(value);
        }
    }

    static String upperSnake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    private static String position(IOException e, String reason, Path file) {
        JsonLocation location = e instanceof JsonMappingException jme ? YamlPositions.index(file).locate(jme, reason)
                : e instanceof JsonProcessingException jpe ? jpe.getLocation() : null;
        return location == null ? "1:1" : location.getLineNr() + ":" + location.getColumnNr();
    }

    private static String reason(IOException e) {
        if (e instanceof ValueInstantiationException vie && vie.getCause() != null) {
            return vie.getCause().getMessage();
        }
        if (e instanceof JsonProcessingException jpe) {
            String message = jpe.getOriginalMessage();
            int advice = message.indexOf(" (class ");
            if (message.startsWith("Unrecognized field") && advice > 0) {
                // "Unrecognized field "x" (class a.b.C), not marked as ignorable (3 known properties: ...)"
                int known = message.indexOf("known properties:");
                String what = e instanceof JsonMappingException jme && jme.getPath().size() == 1 ? "unknown section " : "unknown option ";
                return what + message.substring("Unrecognized field ".length(), advice)
                        + (known > 0 ? "; " + message.substring(known).replace("])", "]").replace(")", "") : "");
            }
            return message;
        }
        return e.getMessage();
    }
}
