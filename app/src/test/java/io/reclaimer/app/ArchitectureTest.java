package io.reclaimer.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.reclaimer.actions.StandardExecutors;
import io.reclaimer.actions.execution.ActionExecutor;
import io.reclaimer.actions.execution.OwnNamespaceGuard;
import io.reclaimer.actions.gitops.GitOpsWiring;
import io.reclaimer.app.runtime.CollectorRegistry;
import io.reclaimer.collectors.Collector;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/development.md, checked on the compiled production classes of every module: the
 * feature modules depend inward on the model only, never on each other, and the policy engine stays pure; and
 * the "where does a new X go" table of that page: what it says must be touched is where the code is.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.reclaimer");
    }

    @Test
    void theModelDependsOnNoOtherModule() {
        check(noClasses().that().resideInAPackage("io.reclaimer.model..")
                .should().dependOnClassesThat().resideInAnyPackage("io.reclaimer.collectors..", "io.reclaimer.streams..",
                        "io.reclaimer.policies..", "io.reclaimer.actions..", "io.reclaimer.app..",
                        "io.reclaimer.kafka..", "io.reclaimer.testkit..", "io.reclaimer.gitops.."));
    }

    @Test
    void collectorsDependOnlyOnTheModel() {
        check(noClasses().that().resideInAPackage("io.reclaimer.collectors..")
                .should().dependOnClassesThat().resideInAnyPackage("io.reclaimer.streams..", "io.reclaimer.policies..",
                        "io.reclaimer.actions..", "io.reclaimer.app..", "io.reclaimer.kafka..", "io.reclaimer.testkit..",
                        "io.reclaimer.gitops.."));
    }

    @Test
    void streamsDependOnlyOnTheModel() {
        check(noClasses().that().resideInAPackage("io.reclaimer.streams..")
                .should().dependOnClassesThat().resideInAnyPackage("io.reclaimer.collectors..", "io.reclaimer.policies..",
                        "io.reclaimer.actions..", "io.reclaimer.app..", "io.reclaimer.kafka..", "io.reclaimer.testkit..",
                        "io.reclaimer.gitops.."));
    }

    @Test
    void policiesDependOnlyOnTheModel() {
        check(noClasses().that().resideInAPackage("io.reclaimer.policies..")
                .should().dependOnClassesThat().resideInAnyPackage("io.reclaimer.collectors..", "io.reclaimer.streams..",
                        "io.reclaimer.actions..", "io.reclaimer.app..", "io.reclaimer.kafka..", "io.reclaimer.testkit..",
                        "io.reclaimer.gitops.."));
    }

    @Test
    void thePolicyEngineIsPureNoKafkaNoNetwork() {
        check(noClasses().that().resideInAPackage("io.reclaimer.policies..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.kafka..", "java.net..", "java.net.http..",
                        "io.fabric8..", "software.amazon..", "com.slack.."));
    }

    @Test
    void actionsDependOnlyOnTheModel() {
        check(noClasses().that().resideInAPackage("io.reclaimer.actions..")
                .should().dependOnClassesThat().resideInAnyPackage("io.reclaimer.collectors..", "io.reclaimer.streams..",
                        "io.reclaimer.policies..", "io.reclaimer.app..", "io.reclaimer.kafka..", "io.reclaimer.testkit..",
                        "io.reclaimer.gitops.."));
    }

    @Test
    void gitopsDependsOnlyOnTheModel() {
        check(noClasses().that().resideInAPackage("io.reclaimer.gitops..")
                .should().dependOnClassesThat().resideInAnyPackage("io.reclaimer.collectors..", "io.reclaimer.streams..",
                        "io.reclaimer.policies..", "io.reclaimer.actions..", "io.reclaimer.app..", "io.reclaimer.kafka..",
                        "io.reclaimer.testkit.."));
    }

    @Test
    void reportsDependOnlyOnTheModel() {
        check(noClasses().that().resideInAPackage("io.reclaimer.reports..")
                .should().dependOnClassesThat().resideInAnyPackage("io.reclaimer.collectors..", "io.reclaimer.streams..",
                        "io.reclaimer.policies..", "io.reclaimer.actions..", "io.reclaimer.app..", "io.reclaimer.kafka..",
                        "io.reclaimer.testkit..", "io.reclaimer.gitops.."));
    }

    @Test
    void nothingButTheAppDependsOnTheReports() {
        // the actions service sends the weekly report only because app schedules it beside it
        check(noClasses().that().resideOutsideOfPackages("io.reclaimer.reports..", "io.reclaimer.app..")
                .should().dependOnClassesThat().resideInAPackage("io.reclaimer.reports.."));
    }

    @Test
    void benchmarksDependOnlyOnTheStreamsTheyMeasureAndTheModel() {
        check(noClasses().that().resideInAPackage("io.reclaimer.benchmarks..")
                .should().dependOnClassesThat().resideInAnyPackage("io.reclaimer.collectors..", "io.reclaimer.policies..",
                        "io.reclaimer.actions..", "io.reclaimer.reports..", "io.reclaimer.app..", "io.reclaimer.kafka..",
                        "io.reclaimer.testkit..", "io.reclaimer.gitops.."));
    }

    @Test
    void nothingButTheAppDependsOnTheBenchmarks() {
        // benchmarks are commands (reclaimer bench), never production code of the module they measure
        check(noClasses().that().resideOutsideOfPackages("io.reclaimer.benchmarks..", "io.reclaimer.app..")
                .should().dependOnClassesThat().resideInAPackage("io.reclaimer.benchmarks.."));
    }

    @Test
    void theBrokerAndTestFixturesDoNotReachIntoFeatureModules() {
        check(noClasses().that().resideInAnyPackage("io.reclaimer.kafka..", "io.reclaimer.testkit..")
                .should().dependOnClassesThat().resideInAnyPackage("io.reclaimer.collectors..", "io.reclaimer.streams..",
                        "io.reclaimer.policies..", "io.reclaimer.actions..", "io.reclaimer.app..", "io.reclaimer.gitops.."));
    }

    @Test
    void theFeaturePackagesOfTheAnalysisDoNotDependOnEachOtherInACircle() {
        check(slices().matching("io.reclaimer.streams.(*)..").should().beFreeOfCycles());
    }

    @Test
    void everyCollectorIsBuiltByTheCollectorRegistry() {
        check(classes().that().implement(Collector.class).and().areNotInterfaces()
                .should(beCreatedBy(List.of(CollectorRegistry.class), "CollectorRegistry.builtIn()")));
    }

    @Test
    void everyActionExecutorIsBuiltWithTheStandardExecutors() {
        check(classes().that().implement(ActionExecutor.class).and().areNotInterfaces()
                .should(beCreatedBy(List.of(StandardExecutors.class, GitOpsWiring.class, OwnNamespaceGuard.class),
                        "StandardExecutors.of (or a wrapper of its executors: GitOpsWiring, OwnNamespaceGuard)")));
    }

    @Test
    void metricsAreDefinedOnlyInTheMetricsClassesAndPackages() {
        check(noClasses().that(DescribedPredicate.not(insideAClassNamed("...Metrics")))
                .and().resideOutsideOfPackage("io.reclaimer..metrics..")
                .should().dependOnClassesThat().resideInAPackage("io.prometheus.metrics.core.metrics.."));
    }

    /**
     * Public top-level types that no production class in another package uses, each with the reason it stays
     * public. Keep it short: a type here is either reached by name from outside the code, used only by tests in
     * another package, used from another package in a way the bytecode does not record (javac inlines String and
     * primitive constants, and keeps no type of a local variable), or left for another change. The rule cannot tell
     * when a type of the last three kinds loses its last outside user: review the list when touching one of them.
     */
    private static final Map<String, String> PUBLIC_WITHOUT_A_USER_IN_ANOTHER_PACKAGE = Map.ofEntries(
            Map.entry("io.reclaimer.app.Main", "the jar's Main-Class: the java launcher runs it, and tests call it"),
            // used only by tests in another package (this import sees no test classes, see below)
            Map.entry("io.reclaimer.actions.permit.CurrentFindings", "tests in io.reclaimer.actions.execution and .flow"),
            Map.entry("io.reclaimer.app.runtime.PolicyEngineGate", "PolicyEngineGateTest and RollbackSticksIT in io.reclaimer.app"),
            Map.entry("io.reclaimer.collectors.aws.AwsCollector", "the AWS collector tests in io.reclaimer.collectors.aws.* and app's RollbackSticksIT"),
            Map.entry("io.reclaimer.collectors.aws.AwsMetrics", "CostExplorerBillingTest in io.reclaimer.collectors.aws.billing reads its counters"),
            Map.entry("io.reclaimer.collectors.simulator.PlantedWaste", "streams' WasteDetectionIT checks the findings against it"),
            Map.entry("io.reclaimer.model.kafka.KafkaAccessException", "app's KafkaClientPropertiesTest"),
            Map.entry("io.reclaimer.policies.evaluation.GuardrailCheck", "GuardrailsTest in io.reclaimer.policies"),
            Map.entry("io.reclaimer.policies.evaluation.RuleTrace", "RuleSelectionTest in io.reclaimer.policies reads Decision.trace()"),
            Map.entry("io.reclaimer.streams.metrics.StateAccess", "DriverMetrics in io.reclaimer.streams.support (tests)"),
            Map.entry("io.reclaimer.streams.rightsizing.state.ContainerState", "tests in io.reclaimer.streams.rightsizing.estimate and .strategy"),
            // used from another package in a way javac leaves out of the bytecode this rule reads
            Map.entry("io.reclaimer.model.findings.Evidence", "a catalog of String constants, which javac inlines into"
                    + " actions, policies and streams"),
            Map.entry("io.reclaimer.model.labels.GitOpsLabels", "a catalog of String constants, which javac inlines into"
                    + " io.reclaimer.model.gitops.GitOpsOwner"),
            Map.entry("io.reclaimer.actions.execution.NotPermittedException", "thrown by Confirmation, which"
                    + " io.reclaimer.actions.gitops.GitOpsDownsizeExecutor implements with a lambda (whose compiled method"
                    + " declares no exceptions)"),
            Map.entry("io.reclaimer.reports.ReportDelivery", "the type of a local variable in app's WeeklyReports (local"
                    + " variable types are not in the bytecode)"),
            Map.entry("io.reclaimer.streams.allocation.ClusterLedger", "ClusterLedger.Publication is a type argument of"
                    + " local variables in io.reclaimer.streams.metrics.AnalysisMetrics (erased from the bytecode)"));

    /**
     * Package-private by default (docs/development.md): a public top-level type is one that production code in
     * another package uses (a call, a field or parameter type, a supertype, an annotation value...). Test classes do
     * not count: the import here holds production classes only (another module's tests are not on this class path),
     * and a type public only for a test elsewhere is listed above, where its reason is visible. The test fixtures
     * module (io.reclaimer.testkit) exists for other modules' tests, so it is left out. A nested type's use counts for
     * its top-level type, which must be public for it to be reachable.
     */
    @Test
    void aPublicTypeIsUsedFromAnotherPackage() {
        check(classes().that().arePublic().and().areTopLevelClasses().and().resideOutsideOfPackage("io.reclaimer.testkit..")
                .and(DescribedPredicate.not(DescribedPredicate.describe("listed as public for a reason",
                        (JavaClass c) -> PUBLIC_WITHOUT_A_USER_IN_ANOTHER_PACKAGE.containsKey(c.getName()))))
                .should(new ArchCondition<>("be used from another package") {
                    @Override
                    public void check(JavaClass item, ConditionEvents events) {
                        if (packagesUsing(item).isEmpty()) {
                            events.add(SimpleConditionEvent.violated(item, item.getName() + " is public, but no class in"
                                    + " another package uses it: make it package-private (docs/development.md), or, if"
                                    + " something outside the code reaches it by name, list it with the reason"));
                        }
                    }
                }));
    }

    @Test
    void everyTypeListedAsPublicForAReasonStillNeedsIt() {
        Set<String> stale = PUBLIC_WITHOUT_A_USER_IN_ANOTHER_PACKAGE.keySet().stream()
                .filter(name -> !classes.contain(name) || !classes.get(name).getModifiers().contains(JavaModifier.PUBLIC)
                        || !packagesUsing(classes.get(name)).isEmpty())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(stale)
                .as("listed in PUBLIC_WITHOUT_A_USER_IN_ANOTHER_PACKAGE but gone, not public, or used from another package:"
                        + " remove them from the list")
                .isEmpty();
    }

    /** The other packages whose classes depend on the type or on a type nested in it. */
    private static Set<String> packagesUsing(JavaClass type) {
        return classes.stream()
                .filter(c -> c.getName().equals(type.getName()) || c.getName().startsWith(type.getName() + "$"))
                .flatMap(c -> c.getDirectDependenciesToSelf().stream())
                .map(d -> d.getOriginClass().getPackageName())
                .filter(p -> !p.equals(type.getPackageName()))
                .collect(Collectors.toSet());
    }

    /** A class, or a class nested in one, whose simple name ends with "Metrics". */
    private static DescribedPredicate<JavaClass> insideAClassNamed(String description) {
        return DescribedPredicate.describe("inside a class named " + description, javaClass -> {
            JavaClass outermost = javaClass;
            while (outermost.getEnclosingClass().isPresent()) {
                outermost = outermost.getEnclosingClass().get();
            }
            return outermost.getSimpleName().endsWith("Metrics");
        });
    }

    /** Some class among {@code creators} (in a method, a lambda or a class nested in it) calls a constructor of it. */
    private static ArchCondition<JavaClass> beCreatedBy(List<Class<?>> creators, String where) {
        return new ArchCondition<>("be built in " + where) {
            @Override
            public void check(JavaClass item, ConditionEvents events) {
                boolean registered = item.getConstructorCallsToSelf().stream().anyMatch(call -> creators.stream()
                        .anyMatch(creator -> call.getOriginOwner().getName().equals(creator.getName())
                                || call.getOriginOwner().getName().startsWith(creator.getName() + "$")));
                if (!registered) {
                    events.add(SimpleConditionEvent.violated(item, item.getName() + " is never built in " + where
                            + ": nothing would run it (docs/development.md, \"Where does a new X go\")"));
                }
            }
        };
    }

    private static void check(ArchRule rule) {
        // every rule must select classes: an empty selection (a module missing from the classpath) would pass silently
        rule.allowEmptyShould(false).check(classes);
    }
}
