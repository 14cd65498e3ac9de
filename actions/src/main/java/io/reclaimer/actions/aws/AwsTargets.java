package io.reclaimer.actions.aws;

import io.reclaimer.actions.execution.ActionFailedException;
import io.reclaimer.actions.execution.Check;
import io.reclaimer.actions.execution.TargetFacts;
import io.reclaimer.model.CloudResourceRef;
import io.reclaimer.model.InvalidEventException;
import io.reclaimer.model.TargetIdentity;
import io.reclaimer.model.actions.ActionRequest;
import io.reclaimer.model.labels.ReclaimerLabels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** Shared pieces of the AWS executors: targets, tags kept in states, error codes. */
final class AwsTargets {

    /** Tags Reclaimer puts on what it creates, so every snapshot and restored volume names its action. */
    /** Tags of the original resource are kept in states under this prefix. */
    static final String TAG_PREFIX = "tag:";

    private AwsTargets() {
    }

    static CloudResourceRef ref(ActionRequest request) throws ActionFailedException {
        try {
            CloudResourceRef ref = CloudResourceRef.parse(request.target());
            if (!CloudResourceRef.AWS.equals(ref.provider())) {
                throw new ActionFailedException("not an AWS resource: " + request.target());
            }
            return ref;
        } catch (InvalidEventException e) {
            throw new ActionFailedException("an AWS action targets a cloud resource key: " + e.getMessage());
        }
    }

    /** EC2 in the account and region of the target. */
    static Ec2Client ec2(AwsClients aws, CloudResourceRef ref) throws ActionFailedException {
        return aws.ec2(ref.account(), ref.region());
    }

    /**
     * The identity the request priced: the finding's, or, for a request written before identities were recorded,
     * what its key holds (account, region and id; an ELBv2 key {@code app/NAME/ID} includes the generated id).
     */
    static TargetIdentity.Aws expected(ActionRequest request, CloudResourceRef ref, String kind) {
        if (request.identity() instanceof TargetIdentity.Aws recorded) {
            return recorded;
        }
        return new TargetIdentity.Aws(ref.account(), ref.region(), kind, ref.resourceId(), "");
    }

    /** Why what was found is not what was priced, as a re-check reason; empty when it is. */
    static Optional<String> notPriced(ActionRequest request, TargetIdentity.Aws expected, TargetIdentity observed) {
        if (request.identity() != null && !(request.identity() instanceof TargetIdentity.Aws)) {
            return Optional.of("the request priced " + request.identity() + ", not an AWS resource");
        }
        return expected.mismatch(observed).map(why -> "not the resource the finding priced: " + why);
    }

    /** The rollback mark among a resource's tags, as a re-check reason; empty when there is none. */
    static Optional<String> restored(List<Tag> tags) {
        if (tags == null) {
            return Optional.empty();
        }
        return tags.stream().filter(t -> ReclaimerLabels.RESTORED_FROM_TAG.equals(t.key())).findFirst()
                .map(t -> "a rollback of action " + t.value() + " restored it (tag " + ReclaimerLabels.RESTORED_FROM_TAG
                        + "): it is left alone until a person removes the tag");
    }

    /** A re-check against AWS. */
    interface TargetCheck {
        Check run() throws ActionFailedException;
    }

    /**
     * Runs a re-check; missing credentials or region are a permanent failure of the action (retrying cannot
     * help), any other client error stays retryable.
     */
    static Check checking(TargetCheck check) throws ActionFailedException {
        try {
            return check.run();
        } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
            if (configurationProblem(e)) {
                throw permanent(e);
            }
            throw e;
        }
    }

    static ActionFailedException permanent(software.amazon.awssdk.core.exception.SdkClientException e) {
        return new ActionFailedException("AWS is not configured for this service: " + e.getMessage(), e);
    }

    static boolean configurationProblem(software.amazon.awssdk.core.exception.SdkClientException e) {
        String message = String.valueOf(e.getMessage());
        return message.contains("Unable to load credentials") || message.contains("Unable to load region");
    }

    static boolean is(AwsServiceException e, String... codes) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        for (String c : codes) {
            if (c.equals(code)) {
                return true;
            }
        }
        return false;
    }

    /** A resource's tags, for the execution-time gate. */
    static TargetFacts facts(List<Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        if (tags != null) {
            tags.forEach(t -> map.put(t.key(), t.value()));
        }
        return TargetFacts.tags(map);
    }

    static Map<String, String> tagsToState(List<Tag> tags) {
        Map<String, String> state = new LinkedHashMap<>();
        if (tags != null) {
            tags.forEach(t -> state.put(TAG_PREFIX + t.key(), t.value()));
        }
        return state;
    }

    /** Tags kept in a state, without the ones AWS reserves ({@code aws:*} cannot be written). */
    static List<Tag> tagsFromState(Map<String, String> state) {
        List<Tag> tags = new ArrayList<>();
        state.forEach((k, v) -> {
            if (k.startsWith(TAG_PREFIX) && !k.startsWith(TAG_PREFIX + "aws:")) {
                tags.add(Tag.builder().key(k.substring(TAG_PREFIX.length())).value(v).build());
            }
        });
        return tags;
    }

    static TagSpecification tagSpecification(ResourceType type, List<Tag> tags) {
        return TagSpecification.builder().resourceType(type).tags(tags).build();
    }

    static void putIfPresent(Map<String, String> map, String key, Object value) {
        if (value != null) {
            map.put(key, String.valueOf(value));
        }
    }
}
