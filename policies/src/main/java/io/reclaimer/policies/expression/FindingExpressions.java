package io.reclaimer.policies.expression;

import com.google.common.collect.ImmutableCollection;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.CelType;
import dev.cel.common.types.CelTypeProvider;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.StructType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import io.reclaimer.model.findings.Finding;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The CEL environment policies are written against. Expressions see two variables:
 * {@code finding} (a struct type {@code reclaimer.Finding} whose fields mirror {@link Finding}, maps as
 * {@code map<string, string>}, {@code since}/{@code observedAt} as timestamps, {@code age} as a duration,
 * {@code confidence} absent when unknown so {@code has(finding.confidence)} tells) and {@code now} (the
 * evaluation time, never the wall clock). The struct type makes the checker reject misspelt fields and
 * type errors when the policy file is loaded, not when a finding arrives. Standard macros, optional
 * values ({@code finding.labels.?team.orValue('')}) and the strings extension are enabled.
 */
public final class FindingExpressions {

    public static final String TYPE_NAME = "reclaimer.Finding";

    private static final Map<String, CelType> FIELDS = fields();
    private static final StructType FINDING_TYPE = StructType.create(TYPE_NAME, ImmutableSet.copyOf(FIELDS.keySet()),
            name -> Optional.ofNullable(FIELDS.get(name)));

    private static final CelOptions OPTIONS = CelOptions.current()
            .enableHeterogeneousNumericComparisons(true)
            .enableOptionalSyntax(true)
            .comprehensionMaxIterations(10_000)
            .build();

    private static final CelCompiler COMPILER = CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addLibraries(CelExtensions.optional(), CelExtensions.strings())
            .setTypeProvider(new FindingTypeProvider())
            .addVar("finding", FINDING_TYPE)
            .addVar("now", SimpleType.TIMESTAMP)
            .setResultType(SimpleType.BOOL)
            .build();

    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder()
            .setOptions(OPTIONS)
            .addLibraries(CelExtensions.optional(), CelExtensions.strings())
            .build();

    private FindingExpressions() {
    }

    private static Map<String, CelType> fields() {
        MapType stringMap = MapType.create(SimpleType.STRING, SimpleType.STRING);
        Map<String, CelType> fields = new LinkedHashMap<>();
        for (String text : List.of("id", "kind", "resource", "resourceKind", "resourceName", "provider", "cluster",
                "namespace", "account", "region")) {
            fields.put(text, SimpleType.STRING);
        }
        fields.put("monthlyUsd", SimpleType.DOUBLE);
        fields.put("confidence", SimpleType.DOUBLE);
        fields.put("since", SimpleType.TIMESTAMP);
        fields.put("observedAt", SimpleType.TIMESTAMP);
        fields.put("age", SimpleType.DURATION);
        for (String map : List.of("evidence", "labels", "annotations", "tags")) {
            fields.put(map, stringMap);
        }
        return fields;
    }

    /** The fields of {@code finding}, in declaration order, for the language reference and error hints. */
    public static List<String> fieldNames() {
        return List.copyOf(FIELDS.keySet());
    }

    /**
     * Compiles (parses and type-checks) an expression. Problems carry the CEL position: 1-based line,
     * 0-based column within {@code source}, so the loader can translate them into file positions.
     */
    public static Compiled compile(String source) {
        CelValidationResult result = COMPILER.compile(source);
        if (result.hasError()) {
            List<Problem> problems = new ArrayList<>();
            for (CelIssue issue : result.getErrors()) {
                problems.add(new Problem(issue.getSourceLocation().getLine(), issue.getSourceLocation().getColumn(),
                        issue.getMessage()));
            }
            return new Compiled(null, problems);
        }
        try {
            CelAbstractSyntaxTree ast = result.getAst();
            return new Compiled(new FindingExpression(source, RUNTIME.createProgram(ast)), List.of());
        } catch (Exception e) {
            return new Compiled(null, List.of(new Problem(1, 0, String.valueOf(e.getMessage()))));
        }
    }

    /** A compile problem: {@code line} 1-based, {@code column} 0-based, as CEL reports them. */
    public record Problem(int line, int column, String message) {
    }

    /** Either an expression or the problems that prevented it. */
    public record Compiled(FindingExpression expression, List<Problem> problems) {
        public boolean ok() {
            return expression != null;
        }
    }

    /** A compiled, immutable, thread-safe expression. */
    public static final class FindingExpression {
        private final String source;
        private final CelRuntime.Program program;

        FindingExpression(String source, CelRuntime.Program program) {
            this.source = source;
            this.program = program;
        }

        public String source() {
            return source;
        }

        /** Evaluates against one finding at {@code now}; a runtime error (missing map key...) is thrown. */
        public boolean matches(Finding finding, Instant now) throws ExpressionFailure {
            Map<String, Object> variables = new HashMap<>();
            variables.put("finding", asStruct(finding, now));
            variables.put("now", timestamp(now));
            try {
                Object result = program.eval(variables);
                if (result instanceof Boolean bool) {
                    return bool;
                }
                throw new ExpressionFailure("expression returned " + result + " instead of a bool");
            } catch (CelEvaluationException e) {
                throw new ExpressionFailure(e.getMessage());
            }
        }

        @Override
        public String toString() {
            return source;
        }
    }

    /** A runtime failure of an expression that compiled: the finding lacks what the expression needs. */
    public static final class ExpressionFailure extends Exception {
        private static final long serialVersionUID = 1L;

        public ExpressionFailure(String message) {
            super(message);
        }
    }

    static Map<String, Object> asStruct(Finding finding, Instant now) {
        Map<String, Object> struct = new HashMap<>();
        struct.put("id", finding.id());
        struct.put("kind", finding.kind().wireName());
        struct.put("resource", finding.resource());
        struct.put("resourceKind", finding.resourceKind());
        struct.put("resourceName", finding.resourceName());
        struct.put("provider", finding.provider());
        struct.put("cluster", finding.cluster());
        struct.put("namespace", finding.namespace());
        struct.put("account", finding.account());
        struct.put("region", finding.region());
        struct.put("monthlyUsd", finding.monthlyUsd());
        if (finding.confidence() != null) {
            struct.put("confidence", finding.confidence());
        }
        struct.put("since", timestamp(finding.since()));
        struct.put("observedAt", timestamp(finding.observedAt()));
        java.time.Duration age = java.time.Duration.between(finding.since(), now);
        struct.put("age", Duration.newBuilder().setSeconds(age.getSeconds()).setNanos(age.getNano()).build());
        struct.put("evidence", finding.evidence());
        struct.put("labels", finding.labels());
        struct.put("annotations", finding.annotations());
        struct.put("tags", finding.tags());
        return struct;
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    private static final class FindingTypeProvider implements CelTypeProvider {
        @Override
        public ImmutableCollection<CelType> types() {
            return ImmutableList.of(FINDING_TYPE);
        }

        @Override
        public Optional<CelType> findType(String typeName) {
            return TYPE_NAME.equals(typeName) ? Optional.of(FINDING_TYPE) : Optional.empty();
        }
    }
}
