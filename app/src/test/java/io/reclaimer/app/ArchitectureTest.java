package io.reclaimer.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/development.md, checked on the compiled production classes of every module: the
 * feature modules depend inward on the model only, never on each other, and the policy engine stays pure.
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

    private static void check(ArchRule rule) {
        // every rule must select classes: an empty selection (a module missing from the classpath) would pass silently
        rule.allowEmptyShould(false).check(classes);
    }
}
