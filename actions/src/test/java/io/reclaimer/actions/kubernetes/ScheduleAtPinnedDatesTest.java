package io.reclaimer.actions.kubernetes;

import static io.reclaimer.actions.support.Fixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.reclaimer.testkit.kubernetes.MockApiServer;
import io.reclaimer.actions.support.MutableClock;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.testkit.time.PinnedDates;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An office-hours schedule installed at any date, in the time zones the fleet uses: the namespace ends in
 * the state the calendar says (asleep at night, on weekends, across daylight-saving changes), and the next
 * change happens when the calendar says. The oracle is computed from the local date and time, never written
 * down for one date.
 */
@ExtendWith(MockApiServer.class)
class ScheduleAtPinnedDatesTest {

    private static final String WINDOW = "Mon-Fri 07:00-20:00";
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    static KubernetesClient client;

    static Stream<Arguments> datesAndZones() {
        return PinnedDates.all().flatMap(date -> Stream.of("Europe/Paris", "America/New_York")
                .map(zone -> Arguments.of(date, Named.of(zone, ZoneId.of(zone)))));
    }

    /** Awake on weekdays from 07:00 to 20:00 local time. */
    private static boolean awake(Instant at, ZoneId zone) {
        ZonedDateTime local = at.atZone(zone);
        LocalTime time = local.toLocalTime();
        return local.getDayOfWeek().getValue() <= DayOfWeek.FRIDAY.getValue()
                && !time.isBefore(LocalTime.of(7, 0)) && time.isBefore(LocalTime.of(20, 0));
    }

    /** The first minute after {@code at} at which the calendar's state differs. */
    private static Instant nextChange(Instant at, ZoneId zone) {
        boolean now = awake(at, zone);
        Instant t = at.truncatedTo(ChronoUnit.MINUTES);
        do {
            t = t.plus(Duration.ofMinutes(1));
        } while (awake(t, zone) == now);
        return t;
    }

    @ParameterizedTest(name = "at {0} in {1}")
    @MethodSource("datesAndZones")
    void theNamespaceFollowsTheCalendarOfItsTimeZoneAtAnyDate(Instant at, ZoneId zone) throws Exception {
        String namespace = "team-" + NAMESPACES.incrementAndGet();
        ClusterFixtures.namespace(client, namespace);
        client.resource(ClusterFixtures.deployment(namespace, "web", 3, "100m", "128Mi", null, null)).create();
        MutableClock clock = new MutableClock(at);
        ScheduleController controller = new ScheduleController(cluster -> client, clock);
        ScheduleExecutor executor = new ScheduleExecutor(cluster -> client, controller);
        ActionRequest request = new ActionRequest("schedule-" + namespace, ActionType.SCHEDULE, "f",
                FindingKind.OFF_HOURS_SCHEDULE, "dev//Namespace/" + namespace, "dev", namespace, "", "",
                Map.of("schedule", "none"), Map.of("scheduleWindow", WINDOW, "timeZone", zone.getId()), 120, null,
                verdict(at, Outcome.AUTO, Map.of()), at);

        Map<String, String> state = executor.apply(request, executor.check(request));

        boolean awake = awake(at, zone);
        assertThat(state).as("state installed at %s (%s local)", at, at.atZone(zone))
                .containsEntry("state", awake ? "awake" : "asleep");
        assertThat(replicas(namespace)).isEqualTo(awake ? 3 : 0);

        Instant change = nextChange(at, zone);
        assertThat(Duration.between(at, change)).as("a change comes within three days").isLessThanOrEqualTo(Duration.ofDays(3));
        clock.set(change.minusSeconds(30));
        assertThat(controller.reconcile("dev", namespace, request.actionId()).transitioned())
                .as("nothing changes half a minute before %s", change.atZone(zone)).isFalse();
        clock.set(change.plusSeconds(30));
        ScheduleController.Transition transition = controller.reconcile("dev", namespace, request.actionId());
        assertThat(transition.transitioned()).as("the change at %s", change.atZone(zone)).isTrue();
        assertThat(transition.state()).isEqualTo(awake ? "asleep" : "awake");
        assertThat(replicas(namespace)).isEqualTo(awake ? 0 : 3);
    }

    private static int replicas(String namespace) {
        return client.apps().deployments().inNamespace(namespace).withName("web").get().getSpec().getReplicas();
    }
}
