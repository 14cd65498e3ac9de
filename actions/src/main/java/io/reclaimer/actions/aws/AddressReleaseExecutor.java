package io.reclaimer.actions.aws;

import io.reclaimer.actions.execution.ActionExecutor;
import io.reclaimer.actions.execution.ActionFailedException;
import io.reclaimer.actions.execution.Check;
import io.reclaimer.model.CloudResourceRef;
import io.reclaimer.model.TargetIdentity;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.cloud.ElasticIp;
import io.reclaimer.model.findings.FindingKind;
import io.reclaimer.model.labels.ReclaimerLabels;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * Releases an Elastic IP that is associated with nothing (the finding's resource id is the allocation id).
 * Rollback asks EC2 to recover the same public address ({@code AllocateAddress} with {@code Address}),
 * which works as long as no other account has taken it, and puts its tags back, plus
 * {@code reclaimer:restored-from-action}: no policy releases it again until a person removes that tag.
 */
public final class AddressReleaseExecutor implements ActionExecutor {

    private final AwsClients aws;

    public AddressReleaseExecutor(AwsClients aws) {
        this.aws = aws;
    }

    @Override
    public boolean handles(ActionType type, FindingKind kind) {
        return type == ActionType.DELETE && kind == FindingKind.UNASSOCIATED_ADDRESS;
    }

    @Override
    public boolean reversible(ActionRequest request) {
        return true;
    }

    @Override
    public Check check(ActionRequest request) throws ActionFailedException {
        return AwsTargets.checking(() -> checkTarget(request));
    }

    private Check checkTarget(ActionRequest request) throws ActionFailedException {
        CloudResourceRef ref = AwsTargets.ref(request);
        Optional<Address> address = describe(AwsTargets.ec2(aws, ref), ref.resourceId());
        if (address.isEmpty()) {
            return Check.done("the address is released", Map.of("state", "released"));
        }
        Address a = address.get();
        TargetIdentity.Aws expected = AwsTargets.expected(request, ref, TargetIdentity.Aws.ELASTIC_IP);
        Optional<String> other = AwsTargets.notPriced(request, expected, new TargetIdentity.Aws(ref.account(),
                ref.region(), TargetIdentity.Aws.ELASTIC_IP, a.allocationId(), a.allocationId()));
        if (other.isPresent()) {
            return Check.changed(other.get(), Map.of("allocationId", String.valueOf(a.allocationId())));
        }
        // the one definition of "in use" the collector and the analysis apply too (empty elements are no association)
        if (ElasticIp.associated(a.associationId(), a.instanceId(), a.networkInterfaceId())) {
            String to = ElasticIp.associatedWith(a.associationId(), a.instanceId(), a.networkInterfaceId());
            return Check.changed("the address is associated with " + to, Map.of("associatedWith", to));
        }
        Optional<String> restored = AwsTargets.restored(a.tags());
        if (restored.isPresent()) {
            return Check.changed(restored.get(), Map.of("publicIp", a.publicIp()));
        }
        Map<String, String> previous = new LinkedHashMap<>();
        previous.put("allocationId", a.allocationId());
        previous.put("publicIp", a.publicIp());
        AwsTargets.putIfPresent(previous, "domain", a.domainAsString());
        AwsTargets.putIfPresent(previous, "networkBorderGroup", a.networkBorderGroup());
        AwsTargets.putIfPresent(previous, "publicIpv4Pool", a.publicIpv4Pool());
        previous.putAll(AwsTargets.tagsToState(a.tags()));
        return Check.original(previous, Map.of("state", "released", "publicIp", a.publicIp()))
                .withFacts(AwsTargets.facts(a.tags()));
    }

    @Override
    public Map<String, String> apply(ActionRequest request, Check check) throws ActionFailedException {
        CloudResourceRef ref = AwsTargets.ref(request);
        Ec2Client ec2 = AwsTargets.ec2(aws, ref);
        ec2.releaseAddress(r -> {
            r.allocationId(ref.resourceId());
            if (check.previousState().containsKey("networkBorderGroup")) {
                r.networkBorderGroup(check.previousState().get("networkBorderGroup"));
            }
        });
        return check.plannedState();
    }

    @Override
    public Check checkRollback(ActionRequest request, ActionResult executed) throws ActionFailedException {
        CloudResourceRef ref = AwsTargets.ref(request);
        String ip = executed.previousState().get("publicIp");
        if (ip == null) {
            return Check.changed("the released address is not known");
        }
        List<Address> owned = AwsTargets.ec2(aws, ref).describeAddresses(r -> r.filters(Filter.builder().name("public-ip")
                .values(ip).build())).addresses();
        if (!owned.isEmpty()) {
            return Check.done(ip + " is allocated to this account again (" + owned.get(0).allocationId() + ")",
                    Map.of("allocationId", owned.get(0).allocationId(), "publicIp", ip));
        }
        return Check.original(executed.newState(), executed.previousState());
    }

    @Override
    public Map<String, String> rollback(ActionRequest request, ActionResult executed) throws ActionFailedException {
        CloudResourceRef ref = AwsTargets.ref(request);
        Ec2Client ec2 = AwsTargets.ec2(aws, ref);
        Map<String, String> previous = executed.previousState();
        // a person undid the release: no policy releases the recovered address again until a person removes the tag
        var tags = new java.util.ArrayList<>(AwsTargets.tagsFromState(previous));
        tags.removeIf(t -> t.key().equals(ReclaimerLabels.RESTORED_FROM_TAG) || t.key().equals(ReclaimerLabels.MARKED_FOR_OP_TAG));
        tags.add(software.amazon.awssdk.services.ec2.model.Tag.builder().key(ReclaimerLabels.RESTORED_FROM_TAG)
                .value(request.actionId()).build());
        var allocated = ec2.allocateAddress(r -> {
            r.domain(DomainType.VPC).address(previous.get("publicIp"));
            if (previous.containsKey("networkBorderGroup")) {
                r.networkBorderGroup(previous.get("networkBorderGroup"));
            }
            r.tagSpecifications(AwsTargets.tagSpecification(ResourceType.ELASTIC_IP, tags));
        });
        return Map.of("allocationId", allocated.allocationId(), "publicIp", allocated.publicIp(), "state", "allocated",
                ReclaimerLabels.RESTORED_FROM_TAG, request.actionId());
    }

    private static Optional<Address> describe(Ec2Client ec2, String allocationId) {
        try {
            List<Address> addresses = ec2.describeAddresses(r -> r.allocationIds(allocationId)).addresses();
            return addresses.isEmpty() ? Optional.empty() : Optional.of(addresses.get(0));
        } catch (Ec2Exception e) {
            if (AwsTargets.is(e, "InvalidAllocationID.NotFound")) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
