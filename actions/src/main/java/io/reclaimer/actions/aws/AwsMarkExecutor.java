package io.reclaimer.actions.aws;

import io.reclaimer.actions.execution.ActionExecutor;
import io.reclaimer.actions.execution.ActionFailedException;
import io.reclaimer.actions.execution.Check;
import io.reclaimer.actions.execution.TargetFacts;
import io.reclaimer.model.CloudResourceRef;
import io.reclaimer.model.actions.ActionParameters;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.findings.FindingKind;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * Mark-for-op on EC2 resources (volumes, Elastic IPs, snapshots, instances): writes the verdict's
 * {@code markValue} under the tag {@code markKey} with {@code CreateTags}; rollback removes it with
 * {@code DeleteTags}. Load balancers are marked by the operator (their tags live in another API).
 */
public final class AwsMarkExecutor implements ActionExecutor {

    private static final Set<FindingKind> KINDS = Set.of(FindingKind.UNATTACHED_VOLUME, FindingKind.UNASSOCIATED_ADDRESS,
            FindingKind.ORPHANED_SNAPSHOT, FindingKind.STOPPED_INSTANCE_VOLUMES);

    private final AwsClients aws;

    public AwsMarkExecutor(AwsClients aws) {
        this.aws = aws;
    }

    @Override
    public boolean handles(ActionType type, FindingKind kind) {
        return type == ActionType.MARK_FOR_OP && KINDS.contains(kind);
    }

    @Override
    public boolean reversible(ActionRequest request) {
        return true;
    }

    /** Every tag of the resource: the mark, and what the execution-time gate judges the opt-out on. */
    private static Map<String, String> tags(Ec2Client ec2, String resourceId) {
        Map<String, String> tags = new LinkedHashMap<>();
        ec2.describeTags(r -> r.filters(Filter.builder().name("resource-id").values(resourceId).build())).tags()
                .forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    @Override
    public Check check(ActionRequest request) throws ActionFailedException {
        return AwsTargets.checking(() -> checkTarget(request));
    }

    private Check checkTarget(ActionRequest request) throws ActionFailedException {
        CloudResourceRef ref = AwsTargets.ref(request);
        String key = request.proposedState().get(ActionParameters.MARK_KEY);
        String value = request.proposedState().get(ActionParameters.MARK_VALUE);
        Map<String, String> tags = tags(AwsTargets.ec2(aws, ref), ref.resourceId());
        Optional<String> existing = Optional.ofNullable(tags.get(key));
        if (existing.isEmpty()) {
            return Check.original(Map.of("mark", "none"), Map.of(key, value)).withFacts(TargetFacts.tags(tags));
        }
        if (existing.get().equals(value)) {
            return Check.done("already marked", Map.of(key, existing.get()));
        }
        return Check.changed("already marked " + key + "=" + existing.get(), Map.of(key, existing.get()));
    }

    @Override
    public Map<String, String> apply(ActionRequest request, Check check) throws ActionFailedException {
        CloudResourceRef ref = AwsTargets.ref(request);
        AwsTargets.ec2(aws, ref).createTags(r -> r.resources(ref.resourceId()).tags(check.plannedState().entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList()));
        return check.plannedState();
    }

    @Override
    public Check checkRollback(ActionRequest request, ActionResult executed) throws ActionFailedException {
        CloudResourceRef ref = AwsTargets.ref(request);
        String key = request.proposedState().get(ActionParameters.MARK_KEY);
        Map<String, String> tags = tags(AwsTargets.ec2(aws, ref), ref.resourceId());
        Optional<String> existing = Optional.ofNullable(tags.get(key));
        if (existing.isEmpty()) {
            return Check.done("the mark is gone already", Map.of());
        }
        if (!existing.get().equals(executed.newState().get(key))) {
            return Check.changed("the mark was changed to " + existing.get(), Map.of(key, existing.get()));
        }
        return Check.original(Map.of(key, existing.get()), Map.of("mark", "none")).withFacts(TargetFacts.tags(tags));
    }

    @Override
    public Map<String, String> rollback(ActionRequest request, ActionResult executed) throws ActionFailedException {
        CloudResourceRef ref = AwsTargets.ref(request);
        String key = request.proposedState().get(ActionParameters.MARK_KEY);
        AwsTargets.ec2(aws, ref).deleteTags(r -> r.resources(ref.resourceId()).tags(Tag.builder().key(key).build()));
        return Map.of("mark", "none");
    }
}
