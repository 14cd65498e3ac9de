package io.reclaimer.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
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
