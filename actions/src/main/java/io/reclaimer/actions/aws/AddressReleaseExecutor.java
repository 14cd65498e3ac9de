package io.reclaimer.actions.aws;

import io.reclaimer.actions.execution.ActionExecutor;
import io.reclaimer.actions.execution.ActionFailedException;
import io.reclaimer.actions.execution.Check;
import io.reclaimer.model.CloudResourceRef;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.actions.ActionResult;
import io.reclaimer.model.actions.ActionType;
import io.reclaimer.model.findings.FindingKind;
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
 * which works as long as no other account has taken it, and puts its tags back.
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
        Optional<Address> address = describe(aws.ec2(ref.region()), ref.resourceId());
        if (address.isEmpty()) {
            return Check.done("the address is released", Map.of("state", "released"));
        }
        Address a = address.get();
        if (a.associationId() != null || a.instanceId() != null || a.networkInterfaceId() != null) {
            String to = a.instanceId() != null ? a.instanceId() : a.networkInterfaceId() != null ? a.networkInterfaceId()
                    : a.associationId();
            return Check.changed("the address is associated with " + to, Map.of("associatedWith", to));
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
        Ec2Client ec2 = aws.ec2(ref.region());
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
        List<Address> owned = aws.ec2(ref.region()).describeAddresses(r -> r.filters(Filter.builder().name("public-ip")
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
        Ec2Client ec2 = aws.ec2(ref.region());
        Map<String, String> previous = executed.previousState();
        var tags = AwsTargets.tagsFromState(previous);
        var allocated = ec2.allocateAddress(r -> {
            r.domain(DomainType.VPC).address(previous.get("publicIp"));
            if (previous.containsKey("networkBorderGroup")) {
                r.networkBorderGroup(previous.get("networkBorderGroup"));
            }
            if (!tags.isEmpty()) {
                r.tagSpecifications(AwsTargets.tagSpecification(ResourceType.ELASTIC_IP, tags));
            }
        });
        return Map.of("allocationId", allocated.allocationId(), "publicIp", allocated.publicIp(), "state", "allocated");
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
