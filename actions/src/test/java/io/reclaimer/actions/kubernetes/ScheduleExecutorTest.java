package io.reclaimer.actions.kubernetes;

import static io.reclaimer.actions.support.Fixtures.verdict;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.reclaimer.actions.execution.Check;
import io.reclaimer.actions.execution.Permit;
import io.reclaimer.actions.execution.TargetFacts;
import io.reclaimer.testkit.kubernetes.MockApiServer;
import io.reclaimer.actions.support.MutableClock;
import io.reclaimer.model.TargetIdentity;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.FindingKind;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MockApiServer.class)
class ScheduleExecutorTest {

    /** Monday 2026-11-23 21:00 UTC: outside Mon-Fri 07:00-20:00 UTC. */
    private static final Instant MONDAY_NIGHT = Instant.parse("2026-11-23T21:00:00Z");

    static KubernetesClient client;

    private final MutableClock clock = new MutableClock(MONDAY_NIGHT);

    private ScheduleController controller() {
        return new ScheduleController(cluster -> client, clock);
    }

    private ScheduleExecutor executor() {
        return new ScheduleExecutor(cluster -> client, controller());
    }

    private static ActionRequest schedule(String namespace) {
        return new ActionRequest("schedule-" + namespace, ActionType.SCHEDULE, "f", FindingKind.OFF_HOURS_SCHEDULE,
                "dev-eu//Namespace/" + namespace, "dev-eu", namespace, "", "", Map.of("schedule", "none"),
                Map.of("scheduleWindow", "Mon-Fri 07:00-20:00", "timeZone", "UTC"), 120, null,
                verdict(Outcome.AUTO, Map.of()), MONDAY_NIGHT);
    }

    private void team(String namespace) {
        ClusterFixtures.namespace(client, namespace);
        client.resource(ClusterFixtures.deployment(namespace, "web", 3, "100m", "128Mi", null, null)).create();
        client.resource(ClusterFixtures.deployment(namespace, "idle", 0, "100m", "128Mi", null, null)).create();
        client.resource(ClusterFixtures.statefulSet(namespace, "db", 1)).create();
        client.resource(ClusterFixtures.cronJob(namespace, "report")).create();
        client.resource(ClusterFixtures.hpa(namespace, "web", "web", 2, 4)).create();
    }

    private int replicas(String namespace, String deployment) {
        return client.apps().deployments().inNamespace(namespace).withName(deployment).get().getSpec().getReplicas();
    }

    private Map<String, String> annotations(String namespace, String deployment) {
        return client.apps().deployments().inNamespace(namespace).withName(deployment).get().getMetadata().getAnnotations();
    }

    @Test
    void installingAScheduleOutsideTheWindowPutsTheNamespaceToSleepAndRemembersTheReplicas() throws Exception {
        team("team-a");
        ActionRequest request = schedule("team-a");
        Check check = executor().check(request);
        assertThat(check.state()).isEqualTo(Check.State.ORIGINAL);

        Map<String, String> state = executor().apply(request, check);

        assertThat(state).containsEntry("state", "asleep");
        assertThat(replicas("team-a", "web")).isZero();
        assertThat(annotations("team-a", "web")).containsEntry("reclaimer.io/original-replicas", "3")
                .containsEntry("reclaimer.io/slept-by", "schedule-team-a");
        assertThat(replicas("team-a", "idle")).isZero();
        assertThat(annotations("team-a", "idle")).doesNotContainKey("reclaimer.io/original-replicas");
        assertThat(client.apps().statefulSets().inNamespace("team-a").withName("db").get().getSpec().getReplicas()).isZero();
        assertThat(client.batch().v1().cronjobs().inNamespace("team-a").withName("report").get().getSpec().getSuspend())
                .isTrue();
        assertThat(client.autoscaling().v2().horizontalPodAutoscalers().inNamespace("team-a").withName("web").get()
                .getSpec().getMinReplicas()).as("the HPA is left alone").isEqualTo(2);
        assertThat(client.namespaces().withName("team-a").get().getMetadata().getAnnotations())
                .containsEntry("reclaimer.io/uptime-window", "Mon-Fri 07:00-20:00")
                .containsEntry("reclaimer.io/schedule-state", "asleep");
        assertThat(executor().check(request).state()).isEqualTo(Check.State.DONE);
    }

    @Test
    void wakesUpInsideTheWindowRestoringReplicasWithinTheHpaAndSkipsWhatSomeoneElseChanged() throws Exception {
        team("team-b");
        ActionRequest request = schedule("team-b");
        executor().apply(request, executor().check(request));
        client.apps().statefulSets().inNamespace("team-b").withName("db").scale(2);

        assertThat(controller().reconcile("dev-eu", "team-b", request.actionId()).transitioned())
                .as("nothing to do while the window is closed").isFalse();
        clock.set(Instant.parse("2026-11-24T07:00:30Z"));
        ScheduleController.Transition wake = controller().reconcile("dev-eu", "team-b", request.actionId());

        assertThat(wake.state()).isEqualTo("awake");
        assertThat(wake.changed()).contains("Deployment/web 0 -> 3 (HPA web [2, 4])", "CronJob/report resumed");
        assertThat(wake.skipped()).containsExactly("StatefulSet/db: scaled to 2 by someone else while asleep, left as it is");
        assertThat(replicas("team-b", "web")).isEqualTo(3);
        assertThat(annotations("team-b", "web")).doesNotContainKey("reclaimer.io/original-replicas");
        assertThat(client.apps().statefulSets().inNamespace("team-b").withName("db").get().getSpec().getReplicas()).isEqualTo(2);
        assertThat(client.batch().v1().cronjobs().inNamespace("team-b").withName("report").get().getSpec().getSuspend())
                .isFalse();
        assertThat(controller().reconcile("dev-eu", "team-b", request.actionId()).transitioned()).isFalse();

        clock.advance(Duration.ofHours(13));
        ScheduleController.Transition sleep = controller().reconcile("dev-eu", "team-b", request.actionId());
        assertThat(sleep.state()).isEqualTo("asleep");
        assertThat(sleep.changed()).contains("Deployment/web 3 -> 0", "StatefulSet/db 2 -> 0");
    }

    @Test
    void rollbackWakesEverythingAndRemovesTheSchedule() throws Exception {
        team("team-c");
        ActionRequest request = schedule("team-c");
        Check check = executor().check(request);
        Map<String, String> state = executor().apply(request, check);
        ActionResult executed = new ActionResult(request.actionId(), ActionResult.Status.EXECUTED, "", check.previousState(),
                state, MONDAY_NIGHT);

        assertThat(executor().checkRollback(request, executed).state()).isEqualTo(Check.State.ORIGINAL);
        Map<String, String> restored = executor().rollback(request, executed);

        assertThat(restored).containsEntry("schedule", "none");
        assertThat(replicas("team-c", "web")).isEqualTo(3);
        assertThat(client.namespaces().withName("team-c").get().getMetadata().getAnnotations())
                .doesNotContainKeys("reclaimer.io/uptime-window", "reclaimer.io/schedule-action");
        assertThat(executor().checkRollback(request, executed).state()).isEqualTo(Check.State.DONE);
        assertThat(controller().reconcile("dev-eu", "team-c", request.actionId()).problem())
                .isEqualTo("the schedule annotations were removed from the namespace");
        // a person undid the schedule: the namespace says so, and is not scheduled again until the annotation goes
        assertThat(client.namespaces().withName("team-c").get().getMetadata().getAnnotations())
                .containsEntry("reclaimer.io/restored-from-action", request.actionId());
        assertThat(executor().check(request).reason()).startsWith("a rollback of action " + request.actionId()
                + " restored it");
    }

    @Test
    void aNamespaceCreatedAgainUnderTheSameNameIsNotScheduled() throws Exception {
        team("team-uid");
        String uid = client.namespaces().withName("team-uid").get().getMetadata().getUid();
        ActionRequest priced = schedule("team-uid").withIdentity(
                new TargetIdentity.Kubernetes("dev-eu", "", "Namespace", "team-uid", uid));
        ActionRequest stale = schedule("team-uid").withIdentity(
                new TargetIdentity.Kubernetes("dev-eu", "", "Namespace", "team-uid", "uid-of-a-namespace-deleted-since"));

        assertThat(executor().check(priced).state()).isEqualTo(Check.State.ORIGINAL);
        assertThat(executor().check(stale).reason()).contains("Namespace team-uid has uid " + uid);
        assertThat(replicas("team-uid", "web")).isEqualTo(3);
    }

    @Test
    void aScheduledSleepLeavesWorkloadsLabelledOrAnnotatedExcludeAlone() throws Exception {
        team("team-e");
        var pinned = ClusterFixtures.deployment("team-e", "pinned", 2, "100m", "128Mi", null, null);
        pinned.getMetadata().setLabels(Map.of("reclaimer.io/exclude", "true"));
        client.resource(pinned).create();
        var ledger = ClusterFixtures.statefulSet("team-e", "ledger", 1);
        ledger.getMetadata().setAnnotations(Map.of("reclaimer.io/exclude", "yes"));
        client.resource(ledger).create();
        var billing = ClusterFixtures.cronJob("team-e", "billing");
        billing.getMetadata().setLabels(Map.of("reclaimer.io/exclude", "true"));
        client.resource(billing).create();
        var optedBackIn = ClusterFixtures.deployment("team-e", "opted-back-in", 2, "100m", "128Mi", null, null);
        optedBackIn.getMetadata().setLabels(Map.of("reclaimer.io/exclude", "false"));
        client.resource(optedBackIn).create();
        ActionRequest request = schedule("team-e");

        Map<String, String> state = executor().apply(request, executor().check(request));

        assertThat(state).containsEntry("state", "asleep");
        assertThat(replicas("team-e", "web")).isZero();
        assertThat(replicas("team-e", "opted-back-in")).isZero();
        assertThat(replicas("team-e", "pinned")).isEqualTo(2);
        assertThat(annotations("team-e", "pinned")).as("not even our annotations").isNullOrEmpty();
        assertThat(client.apps().statefulSets().inNamespace("team-e").withName("ledger").get().getSpec().getReplicas())
                .isEqualTo(1);
        assertThat(client.batch().v1().cronjobs().inNamespace("team-e").withName("billing").get().getSpec().getSuspend())
                .isFalse();
        assertThat(state.get("skipped")).contains("Deployment/pinned: opted out (label reclaimer.io/exclude=true)",
                "StatefulSet/ledger: opted out (annotation reclaimer.io/exclude=yes)",
                "CronJob/billing: opted out (label reclaimer.io/exclude=true)");
    }

    private static SchedulePermits permits(Permit sleep, Permit wake) {
        return new SchedulePermits() {
            @Override
            public Permit sleep(TargetFacts namespace) {
                return sleep;
            }

            @Override
            public Permit wake(TargetFacts namespace) {
                return wake;
            }
        };
    }

    @Test
    void eachScheduledTransitionWaitsForItsPermitAndWhatOptedOutWhileAsleepIsWokenOnlyByAPersonsRollback()
            throws Exception {
        team("team-f");
        ActionRequest request = schedule("team-f");
        Check check = executor().check(request);
        Map<String, String> installed = executor().apply(request, check);
        assertThat(replicas("team-f", "web")).isZero();
        client.apps().deployments().inNamespace("team-f").withName("web").edit(d -> {
            d.getMetadata().setLabels(Map.of("reclaimer.io/exclude", "true"));
            return d;
        });

        clock.set(Instant.parse("2026-11-24T07:00:30Z"));
        ScheduleController.Transition held = controller().reconcile("dev-eu", "team-f", request.actionId(),
                permits(Permit.proceed(), Permit.hold("change freeze 'release' is active")));
        assertThat(held.problem()).isEqualTo("not woken: change freeze 'release' is active");
        assertThat(client.apps().statefulSets().inNamespace("team-f").withName("db").get().getSpec().getReplicas()).isZero();

        ScheduleController.Transition woken = controller().reconcile("dev-eu", "team-f", request.actionId(),
                SchedulePermits.GRANTED);
        assertThat(woken.skipped()).contains("Deployment/web: opted out while asleep (label reclaimer.io/exclude=true), "
                + "left as it is (it had 3 replicas: see reclaimer.io/original-replicas)");
        assertThat(replicas("team-f", "web")).isZero();
        assertThat(client.apps().statefulSets().inNamespace("team-f").withName("db").get().getSpec().getReplicas())
                .isEqualTo(1);

        clock.set(Instant.parse("2026-11-24T21:00:00Z"));
        ScheduleController.Transition kept = controller().reconcile("dev-eu", "team-f", request.actionId(),
                permits(Permit.withdraw("the policy now says deny: namespace 'team-f' is protected",
                        "guardrail protected-namespace"), Permit.proceed()));
        assertThat(kept.problem()).isEqualTo("not put to sleep: the policy now says deny: namespace 'team-f' is protected");
        assertThat(client.apps().statefulSets().inNamespace("team-f").withName("db").get().getSpec().getReplicas())
                .isEqualTo(1);

        executor().rollback(request, new ActionResult(request.actionId(), ActionResult.Status.EXECUTED, "",
                check.previousState(), installed, MONDAY_NIGHT));
        assertThat(replicas("team-f", "web")).as("a person's rollback undoes everything the schedule did").isEqualTo(3);
    }

    @Test
    void refusesANamespaceScheduledByHandOrAnInvalidWindow() throws Exception {
        team("team-d");
        client.namespaces().withName("team-d").edit(ns -> {
            ns.getMetadata().setAnnotations(Map.of("reclaimer.io/uptime-window", "Mon-Sun 00:00-24:00"));
            return ns;
        });
        assertThat(executor().check(schedule("team-d")).reason())
                .isEqualTo("the namespace already has the schedule 'Mon-Sun 00:00-24:00' (set by hand)");
    }
}
