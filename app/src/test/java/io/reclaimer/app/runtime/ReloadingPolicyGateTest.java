package io.reclaimer.app.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reclaimer.actions.flow.GateContext;
import io.reclaimer.actions.flow.PolicyGate;
import io.reclaimer.actions.flow.PolicyRefresh;
import io.reclaimer.model.actions.PolicyVerdict.Outcome;
import io.reclaimer.model.findings.Finding;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.policies.loading.PolicyLoadException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy directory read again while running: by content, atomically, failing closed on an invalid set. */
class ReloadingPolicyGateTest {

    private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
    private static final GateContext CONTEXT = GateContext.at(NOW, 0);
    private static final Finding VOLUME = volume("vol-0a");

    private static String policies(String decision) {
        return """
                apiVersion: reclaimer.io/v1
                kind: Guardrails
                metadata: {name: guardrails}
                spec:
                  markForOp: {minGraceDays: 0}
                ---
                apiVersion: reclaimer.io/v1
                kind: Policy
                metadata: {name: orphans}
                spec:
                  rules:
                    - name: volumes
                      match: {kinds: [unattached-volume]}
                      decision: %s
                      parameters: {snapshot: true}
                """.formatted(decision);
    }

    private static Finding volume(String id) {
        String key = "aws/123456789012/eu-west-1/" + id;
        return new Finding(Finding.idFor(FindingKind.UNATTACHED_VOLUME, key), FindingKind.UNATTACHED_VOLUME, key,
                "EbsVolume", id, "aws", "", "", "123456789012", "eu-west-1", 8.0, NOW.minusSeconds(86400 * 30), NOW,
                null, Map.of("state", "available", "sizeGib", "100", "volumeType", "gp3"), Map.of(), Map.of(), Map.of());
    }

    private static Outcome outcome(PolicyGate gate) {
        return gate.judge(VOLUME, CONTEXT).verdict().outcome();
    }

    @Test
    void anUnchangedPolicySetIsNotReloadedEvenWhenItsFilesAreTouched(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("policies.yaml"), policies("auto"));
        ReloadingPolicyGate gate = ReloadingPolicyGate.load(dir);
        PolicyGate inForce = gate.current();

        Files.setLastModifiedTime(file, FileTime.from(NOW.plusSeconds(3600)));

        assertThat(gate.refresh()).isEqualTo(PolicyRefresh.UNCHANGED);
        assertThat(gate.generation()).isEqualTo(1);
        assertThat(gate.current()).isSameAs(inForce);
    }

    @Test
    void aChangedPolicySetIsInForceForEveryLaterQuestionWhileAnEarlierSnapshotKeepsItsOwnAnswers(@TempDir Path dir)
            throws Exception {
        Files.writeString(dir.resolve("policies.yaml"), policies("auto"));
        ReloadingPolicyGate gate = ReloadingPolicyGate.load(dir);
        PolicyGate before = gate.current();
        assertThat(outcome(gate)).isEqualTo(Outcome.AUTO);

        Files.writeString(dir.resolve("policies.yaml"), policies("deny"));
        PolicyRefresh refresh = gate.refresh();

        assertThat(refresh.status()).isEqualTo(PolicyRefresh.Status.RELOADED);
        assertThat(refresh.detail()).contains("1 policies from " + dir);
        assertThat(gate.generation()).isEqualTo(2);
        assertThat(outcome(gate)).isEqualTo(Outcome.DENY);
        assertThat(gate.plan(List.of(VOLUME), CONTEXT).decisions()).singleElement()
                .satisfies(d -> assertThat(d.verdict().outcome()).isEqualTo(Outcome.DENY));
        assertThat(outcome(before)).as("a permit being decided finishes on the set it started with").isEqualTo(Outcome.AUTO);
        assertThat(gate.refresh()).as("read once").isEqualTo(PolicyRefresh.UNCHANGED);
    }

    @Test
    void anInvalidPolicySetKeepsNoSetInForceNamesFileAndLineAndAValidOneEndsIt(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("policies.yaml"), policies("auto"));
        ReloadingPolicyGate gate = ReloadingPolicyGate.load(dir);

        Files.writeString(dir.resolve("policies.yaml"), policies("delete-everything"));
        PolicyRefresh refresh = gate.refresh();

        assertThat(refresh.status()).isEqualTo(PolicyRefresh.Status.INVALID);
        assertThat(refresh.detail()).containsPattern("policies\\.yaml:14:\\d+: ");
        assertThat(gate.unavailable()).hasValueSatisfying(why -> assertThat(why)
                .contains("every action is held").containsPattern("policies\\.yaml:14:"));
        assertThatThrownBy(() -> gate.judge(VOLUME, CONTEXT)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("is invalid");
        assertThatThrownBy(() -> gate.plan(List.of(VOLUME), CONTEXT)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> gate.executionBlocker(CONTEXT)).isInstanceOf(IllegalStateException.class);
        assertThat(gate.refresh()).as("the same invalid files are reported once").isEqualTo(PolicyRefresh.UNCHANGED);

        Files.writeString(dir.resolve("policies.yaml"), policies("approve\n      approvers: ['@finops']"));
        assertThat(gate.refresh().status()).isEqualTo(PolicyRefresh.Status.RELOADED);
        assertThat(gate.unavailable()).isEmpty();
        assertThat(outcome(gate)).isEqualTo(Outcome.APPROVE);
    }

    @Test
    void aPolicyDirectoryThatDisappearsHoldsEverything(@TempDir Path dir) throws Exception {
        Path policiesDir = Files.createDirectory(dir.resolve("policies"));
        Path file = Files.writeString(policiesDir.resolve("policies.yaml"), policies("auto"));
        ReloadingPolicyGate gate = ReloadingPolicyGate.load(policiesDir);

        Files.delete(file);

        assertThat(gate.refresh().status()).isEqualTo(PolicyRefresh.Status.INVALID);
        assertThat(gate.unavailable()).hasValueSatisfying(why -> assertThat(why).contains("no policy files"));
    }

    @Test
    void anInvalidSetAtStartUpIsStillAStartUpErrorWithFileAndLine(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("policies.yaml"), policies("sometimes"));

        assertThatThrownBy(() -> ReloadingPolicyGate.load(dir)).isInstanceOf(PolicyLoadException.class)
                .hasMessageContaining("policies.yaml:14:");
    }

    /**
     * How the kubelet updates a mounted ConfigMap: the files live in a timestamped hidden directory, {@code ..data}
     * links to it and each visible name links through {@code ..data}; an update writes a new timestamped directory
     * and renames a new {@code ..data} link over the old one. The visible file's timestamp may not change at all.
     */
    @Test
    void aConfigMapUpdateBySymlinkSwapIsReloadedAndTheHiddenCopiesAreNotReadTwice(@TempDir Path mount) throws Exception {
        FileTime stamp = FileTime.from(NOW);
        Path first = Files.createDirectory(mount.resolve("..2026_12_07_10_00_00.000000001"));
        Files.setLastModifiedTime(Files.writeString(first.resolve("policies.yaml"), policies("auto")), stamp);
        Files.createSymbolicLink(mount.resolve("..data"), first.getFileName());
        Files.createSymbolicLink(mount.resolve("policies.yaml"), Path.of("..data", "policies.yaml"));
        ReloadingPolicyGate gate = ReloadingPolicyGate.load(mount);
        assertThat(outcome(gate)).isEqualTo(Outcome.AUTO);

        Path second = Files.createDirectory(mount.resolve("..2026_12_07_10_05_00.000000002"));
        Files.setLastModifiedTime(Files.writeString(second.resolve("policies.yaml"), policies("deny")), stamp);
        Files.createSymbolicLink(mount.resolve("..data_tmp"), second.getFileName());
        Files.move(mount.resolve("..data_tmp"), mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        // the kubelet removes the old directory afterwards
        Files.delete(first.resolve("policies.yaml"));
        Files.delete(first);

        assertThat(gate.refresh().status()).isEqualTo(PolicyRefresh.Status.RELOADED);
        assertThat(outcome(gate)).isEqualTo(Outcome.DENY);
        assertThat(gate.refresh()).isEqualTo(PolicyRefresh.UNCHANGED);
    }
}
