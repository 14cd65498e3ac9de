package io.reclaimer.reports;

import static io.reclaimer.reports.ReportFixtures.FINOPS;
import static io.reclaimer.reports.ReportFixtures.NETOPS;
import static io.reclaimer.reports.ReportFixtures.PAYMENTS;
import static io.reclaimer.reports.ReportFixtures.WEB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import io.reclaimer.model.labels.ReclaimerLabels;

import io.reclaimer.reports.WeeklyReport.Section;
import io.reclaimer.testkit.time.PinnedDates;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The weekly report, built at every {@link PinnedDates pinned date} from a fleet whose times are relative to
 * that date: the same figures, the same trend, the report dated in its own time zone.
 */
@ParameterizedClass(name = "at {0}")
@MethodSource("io.reclaimer.testkit.time.PinnedDates#all")
class ReportBuilderTest {

    private final Instant now;

    ReportBuilderTest(Instant now) {
        this.now = now;
    }

    private final ReportConfig config = ReportConfig.DEFAULTS.withDefaultRecipients(List.of(FINOPS));

    private List<WeeklyReport> build() {
        return new ReportBuilder(config).build(ReportFixtures.fleet(now), now, List.of());
    }

    private static WeeklyReport reportFor(List<WeeklyReport> reports, String scope) {
        return reports.stream().filter(r -> r.scope().equals(scope)).findFirst().orElseThrow();
    }

    @Test
    void sendsTheFleetReportToTheDefaultRecipientsAndEachOwnerOnlyWhatTheyOwn() {
        List<WeeklyReport> reports = build();

        assertThat(reports).extracting(WeeklyReport::scope)
                .containsExactly(ReportBuilder.FLEET_SCOPE, NETOPS, PAYMENTS, WEB);
        assertThat(reportFor(reports, ReportBuilder.FLEET_SCOPE).recipients()).containsExactly(FINOPS);
        assertThat(reportFor(reports, PAYMENTS).recipients()).containsExactly(PAYMENTS);
        assertThat(reportFor(reports, PAYMENTS).sections()).extracting(Section::name).containsExactly("team payments");
        assertThat(reportFor(reports, NETOPS).sections()).extracting(Section::name)
                .containsExactly("account 123456789012 eu-west-1");
        assertThat(reportFor(reports, WEB).sections()).extracting(Section::name).containsExactly("team web");
    }

    @Test
    void routesATeamTaggedCloudResourceToTheOwnerOfThatTeamsNamespaces() {
        Section payments = reportFor(build(), PAYMENTS).sections().get(0);

        assertThat(payments.orphans()).extracting(WeeklyReport.OrphanLine::resource)
                .containsExactly("aws/123456789012/eu-west-1/vol-0abc");
        assertThat(payments.owner()).isEqualTo(PAYMENTS);
    }

    @Test
    void totalsRightsizingAndFindingsWithoutCountingOverprovisionedContainersTwice() {
        WeeklyReport fleet = reportFor(build(), ReportBuilder.FLEET_SCOPE);

        assertThat(fleet.totals().rightsizingUsd()).isCloseTo(205.50, within(0.001));
        assertThat(fleet.totals().orphanedUsd()).isCloseTo(68.60, within(0.001));
        assertThat(fleet.totals().monthlyWasteUsd()).isCloseTo(274.10, within(0.001));
        assertThat(fleet.totals().recommendations()).isEqualTo(4);
        assertThat(fleet.totals().orphans()).isEqualTo(3);
        Map<String, Section> sections = ReportBuilder.byName(fleet);
        assertThat(sections.get("team payments").monthlyWasteUsd()).isCloseTo(190.00, within(0.001));
        assertThat(sections.get("namespace prod/sandbox").monthlyWasteUsd()).isCloseTo(35.00, within(0.001));
        assertThat(sections.keySet()).first().isEqualTo("team payments");
    }

    @Test
    void listsTheTopOpportunitiesByMonthlySavingsWithCurrentAndRecommendedRequests() {
        Section payments = ReportBuilder.byName(reportFor(build(), ReportBuilder.FLEET_SCOPE)).get("team payments");

        assertThat(payments.topRightsizing()).extracting(WeeklyReport.RightsizingLine::container).containsExactly("api", "worker");
        WeeklyReport.RightsizingLine api = payments.topRightsizing().get(0);
        assertThat(api.cpuRequestCores()).isEqualTo(2.0);
        assertThat(api.cpuTargetCores()).isEqualTo(0.5);
        assertThat(api.memoryRequestBytes()).isEqualTo(4L << 30);
        assertThat(api.memoryTargetBytes()).isEqualTo(1L << 30);
        assertThat(api.confidence()).isEqualTo(0.9);
    }

    @Test
    void keepsOnlyTheConfiguredNumberOfTopOpportunitiesButCountsThemAll() {
        ReportConfig one = new ReportConfig(null, null, null, null, null, 1, null, List.of(FINOPS), null, null, null,
                null, null, null, null, null);
        WeeklyReport fleet = new ReportBuilder(one).build(ReportFixtures.fleet(now), now, List.of()).get(0);
        Section payments = ReportBuilder.byName(fleet).get("team payments");

        assertThat(payments.topRightsizing()).hasSize(1);
        assertThat(payments.rightsizingCount()).isEqualTo(2);
        assertThat(payments.allRightsizing()).hasSize(2);
    }

    @Test
    void creditsExecutedActionsAsRealizedSavingsOfTheirOwner() {
        List<WeeklyReport> reports = build();
        WeeklyReport web = reportFor(reports, WEB);

        assertThat(web.totals().realizedThisPeriodUsd()).isCloseTo(15.00, within(0.001));
        assertThat(web.sections().get(0).realized()).singleElement()
                .satisfies(line -> {
                    assertThat(line.type()).isEqualTo("downsize");
                    assertThat(line.executedOn()).isEqualTo(LocalDate.ofInstant(now.minus(Duration.ofDays(2)), config.zone()));
                });
        assertThat(reportFor(reports, ReportBuilder.FLEET_SCOPE).totals().executedActions()).isEqualTo(1);
    }

    @Test
    void derivesWeekOverWeekFromWhenWasteStartedAndWhenActionsRemovedIt() {
        WeeklyReport fleet = reportFor(build(), ReportBuilder.FLEET_SCOPE);

        assertThat(fleet.trend()).hasSize(8);
        assertThat(fleet.trend().get(7).weekEnding()).isEqualTo(LocalDate.ofInstant(now, config.zone()));
        assertThat(fleet.trend().get(6).weekEnding()).isEqualTo(LocalDate.ofInstant(now.minus(Duration.ofDays(7)), config.zone()));
        assertThat(fleet.trend().get(7).monthlyWasteUsd()).isCloseTo(274.10, within(0.001));
        // a week ago: the EIP (3 days old) did not exist yet, the shop downsize (2 days ago) had not run
        assertThat(fleet.trend().get(6).monthlyWasteUsd()).isCloseTo(285.50, within(0.001));
        assertThat(fleet.trend().get(7).realizedUsd()).isCloseTo(15.00, within(0.001));
        assertThat(fleet.trend().get(6).realizedUsd()).isZero();
        Section web = ReportBuilder.byName(fleet).get("team web");
        assertThat(web.weekOverWeekChangeUsd()).isCloseTo(-15.00, within(0.001));
    }

    @Test
    void sendsOnlyTheFleetReportToAnExplicitRecipient() {
        List<WeeklyReport> reports = new ReportBuilder(config).build(ReportFixtures.fleet(now), now, List.of("me@example.com"));

        assertThat(reports).singleElement().satisfies(r -> {
            assertThat(r.scope()).isEqualTo(ReportBuilder.FLEET_SCOPE);
            assertThat(r.recipients()).containsExactly("me@example.com");
        });
    }

    @Test
    void anOwnerValueNamingSeveralAddressesSendsOneReportToAllOfThem() {
        ReportInputs inputs = ReportFixtures.fleet();
        var sandbox = new io.reclaimer.model.kubernetes.NamespaceInfo(
                io.reclaimer.model.ObjectRef.clusterScoped("prod", "Namespace", "sandbox"), Map.of(),
                Map.of(ReclaimerLabels.OWNER_EMAIL, "alice@example.com, bob@example.com"), now, now);
        List<io.reclaimer.model.kubernetes.NamespaceInfo> namespaces = new java.util.ArrayList<>(inputs.namespaces());
        namespaces.set(2, sandbox);
        ReportInputs withOwners = new ReportInputs(inputs.recommendations(), inputs.findings(), namespaces,
                inputs.actionRequests(), inputs.actionResults());

        WeeklyReport report = reportFor(new ReportBuilder(config).build(withOwners, now, List.of()),
                "alice@example.com, bob@example.com");

        assertThat(report.recipients()).containsExactly("alice@example.com", "bob@example.com");
        assertThat(report.totals().monthlyWasteUsd()).isCloseTo(35.00, within(0.001));
    }

    @Test
    void withoutDefaultRecipientsOnlyOwnersGetReports() {
        List<WeeklyReport> reports = new ReportBuilder(ReportConfig.DEFAULTS).build(ReportFixtures.fleet(now), now, List.of());

        assertThat(reports).extracting(WeeklyReport::scope).containsExactly(NETOPS, PAYMENTS, WEB);
    }
}
