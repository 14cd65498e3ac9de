package io.reclaimer.policies;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.policies.evaluation.EvaluationContext;
import io.reclaimer.policies.evaluation.PolicyEngine;
import io.reclaimer.testkit.time.PinnedDates;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shipped library is valid and passes its own test cases, so {@code ./mvnw verify} proves them. */
class DefaultLibraryTest {

    static final Path LIBRARY = Path.of("library");

    @Test
    void libraryIsValid() {
        assertThat(Policies.validate(LIBRARY)).isEmpty();
    }

    @Test
    void libraryPassesItsOwnTestCases() {
        PolicyTestReport report = Policies.test(LIBRARY);
        assertThat(report.successful()).as(String.join("\n", report.lines())).isTrue();
        assertThat(report.passed()).isGreaterThanOrEqualTo(15);
    }

    /**
     * The library's year-end freeze holds execution from 20 December 00:00 Paris time for 16 days, whatever
     * the year and the date the suite runs on: the oracle is the calendar, computed for the pinned date.
     */
    @ParameterizedTest(name = "at {0}")
    @MethodSource("io.reclaimer.testkit.time.PinnedDates#all")
    void theYearEndFreezeHoldsExecutionFromTwentyDecemberParisTimeForSixteenDays(Instant at) {
        PolicyEngine engine = Policies.engine(LIBRARY);
        ZoneId paris = ZoneId.of("Europe/Paris");
        ZonedDateTime local = at.atZone(paris);
        int year = local.getMonthValue() == 12 ? local.getYear() : local.getYear() - 1;
        ZonedDateTime start = LocalDate.of(year, 12, 20).atStartOfDay(paris);
        boolean frozen = !local.isBefore(start) && local.isBefore(start.plusDays(16));

        var blocker = engine.executionBlocker(EvaluationContext.at(at));

        if (frozen) {
            assertThat(blocker).as("frozen at %s", local).hasValueSatisfying(b -> assertThat(b).contains("year-end"));
        } else {
            assertThat(blocker).as("not frozen at %s", local).isEmpty();
        }
    }

    @Test
    void thePinnedDatesCoverTheFreezeAndItsLastMinute() {
        PolicyEngine engine = Policies.engine(LIBRARY);
        assertThat(engine.executionBlocker(EvaluationContext.at(PinnedDates.YEAR_END_FREEZE))).isPresent();
        assertThat(engine.executionBlocker(EvaluationContext.at(PinnedDates.FREEZE_LAST_MINUTE))).isPresent();
        assertThat(engine.executionBlocker(EvaluationContext.at(PinnedDates.FREEZE_LAST_MINUTE.plusSeconds(60)))).isEmpty();
        assertThat(engine.executionBlocker(EvaluationContext.at(PinnedDates.FAR_FUTURE))).isEmpty();
    }
}
