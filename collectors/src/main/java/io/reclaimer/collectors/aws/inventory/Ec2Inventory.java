package io.reclaimer.collectors.aws.inventory;

import io.reclaimer.model.CloudResourceRef;
import io.reclaimer.model.cloud.CloudResource;
import io.reclaimer.model.cloud.EbsSnapshot;
import io.reclaimer.model.cloud.EbsVolume;
import io.reclaimer.model.cloud.Ec2Instance;
import io.reclaimer.model.cloud.ElasticIp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceBlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Reservation;
import software.amazon.awssdk.services.ec2.model.Snapshot;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.Volume;
import software.amazon.awssdk.services.ec2.model.VolumeAttachment;

/** EBS volumes, Elastic IPs, snapshots owned by the account, and instances of one account and region. */
final class Ec2Inventory {

    /** Volume types whose IOPS / throughput are provisioned (for gp2, st1, sc1 EC2 reports a baseline). */
    private static final Set<String> PROVISIONED_IOPS = Set.of("io1", "io2", "gp3");
    private static final Set<String> PROVISIONED_THROUGHPUT = Set.of("gp3");
    /** e.g. "User initiated (2016-05-06 10:18:43 GMT)". */
    private static final Pattern TRANSITION_TIME = Pattern.compile("\\((\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}) GMT\\)");
    private static final DateTimeFormatter TRANSITION_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Ec2Client ec2;
    private final String account;
    private final String region;
    private final Instant observedAt;

    Ec2Inventory(Ec2Client ec2, String account, String region, Instant observedAt) {
        this.ec2 = ec2;
        this.account = account;
        this.region = region;
        this.observedAt = observedAt;
    }

    public List<CloudResource> volumes() {
        List<CloudResource> volumes = new ArrayList<>();
        for (Volume volume : ec2.describeVolumesPaginator(r -> r.maxResults(500)).volumes()) {
            String type = volume.volumeTypeAsString();
            List<EbsVolume.Attachment> attachments = new ArrayList<>();
            for (VolumeAttachment attachment : volume.attachments()) {
                attachments.add(new EbsVolume.Attachment(attachment.instanceId(), attachment.device(),
                        attachment.stateAsString(), attachment.attachTime()));
            }
            volumes.add(new EbsVolume(ref(volume.volumeId()), volume.stateAsString(), volume.size(), type,
                    PROVISIONED_IOPS.contains(type) ? volume.iops() : null,
                    PROVISIONED_THROUGHPUT.contains(type) ? volume.throughput() : null,
                    attachments, volume.snapshotId(), volume.createTime(), tags(volume.tags()), observedAt));
        }
        return volumes;
    }

    /** DescribeAddresses is not paginated: it returns every address of the region at once. */
    public List<CloudResource> elasticIps() {
        List<CloudResource> addresses = new ArrayList<>();
        for (Address address : ec2.describeAddresses().addresses()) {
            if (address.allocationId() == null) {
                continue; // EC2-Classic addresses (retired in 2023) have no allocation id to key them by
            }
            // empty association elements (as some AWS-compatible servers send) are no association: ElasticIp's rule
            addresses.add(new ElasticIp(ref(address.allocationId()), address.allocationId(), address.publicIp(),
                    address.associationId(), address.instanceId(), address.networkInterfaceId(),
                    tags(address.tags()), observedAt));
        }
        return addresses;
    }

    /**
     * Only the account's own snapshots: without OwnerIds=self EC2 also lists every public snapshot. Each carries
     * the account's AMIs that use it ({@code imagesBySnapshot}, from {@link #imagesBySnapshot()}), or null when
     * those could not be listed: then no snapshot can be told to be unused.
     */
    public List<CloudResource> snapshots(Map<String, List<String>> imagesBySnapshot) {
        List<CloudResource> snapshots = new ArrayList<>();
        for (Snapshot snapshot : ec2.describeSnapshotsPaginator(r -> r.ownerIds("self").maxResults(1000)).snapshots()) {
            List<String> images = imagesBySnapshot == null ? null
                    : imagesBySnapshot.getOrDefault(snapshot.snapshotId(), List.of());
            snapshots.add(new EbsSnapshot(ref(snapshot.snapshotId()), snapshot.volumeId(), snapshot.stateAsString(),
                    snapshot.volumeSize() == null ? 0 : snapshot.volumeSize(), snapshot.storageTierAsString(),
                    snapshot.startTime(), snapshot.description(), tags(snapshot.tags()), observedAt, images));
        }
        return snapshots;
    }

    /**
     * The account's own AMIs (DescribeImages, Owners=self, as Cloud Custodian's {@code skip-ami-snapshots}
     * reads them), as the snapshots their block devices are made from: snapshot id to image ids. Registered
     * images only: a deregistered AMI no longer holds its snapshots.
     */
    public Map<String, List<String>> imagesBySnapshot() {
        Map<String, List<String>> images = new LinkedHashMap<>();
        for (Image image : ec2.describeImagesPaginator(r -> r.owners("self").maxResults(1000)).images()) {
            for (BlockDeviceMapping device : image.blockDeviceMappings()) {
                if (device.ebs() != null && device.ebs().snapshotId() != null && !device.ebs().snapshotId().isBlank()) {
                    images.computeIfAbsent(device.ebs().snapshotId(), s -> new ArrayList<>()).add(image.imageId());
                }
            }
        }
        return images;
    }

    /**
     * Instances that can still cost money. Terminated instances stay visible for about an hour but cost
     * nothing and own no volumes, so they are treated as gone (and tombstoned like any vanished resource).
     */
    public List<CloudResource> instances() {
        List<CloudResource> instances = new ArrayList<>();
        for (Reservation reservation : ec2.describeInstancesPaginator(r -> r.maxResults(1000)).reservations()) {
            for (Instance instance : reservation.instances()) {
                String state = instance.state() == null ? "unknown" : instance.state().nameAsString();
                if ("terminated".equals(state)) {
                    continue;
                }
                List<String> volumeIds = new ArrayList<>();
                for (InstanceBlockDeviceMapping mapping : instance.blockDeviceMappings()) {
                    if (mapping.ebs() != null && mapping.ebs().volumeId() != null) {
                        volumeIds.add(mapping.ebs().volumeId());
                    }
                }
                instances.add(new Ec2Instance(ref(instance.instanceId()), state, instance.instanceTypeAsString(),
                        instance.launchTime(), stateChangedAt(state, instance), volumeIds, tags(instance.tags()),
                        observedAt));
            }
        }
        return instances;
    }

    /**
     * A running instance has been in its state since its (last) launch; a stopped one since the time in
     * EC2's StateTransitionReason. Null when EC2 gives no time.
     */
    static Instant stateChangedAt(String state, Instance instance) {
        String reason = instance.stateTransitionReason();
        if (reason != null) {
            Matcher time = TRANSITION_TIME.matcher(reason);
            if (time.find()) {
                try {
                    return LocalDateTime.parse(time.group(1), TRANSITION_FORMAT).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e) {
                    return null;
                }
            }
        }
        return "running".equals(state) ? instance.launchTime() : null;
    }

    private CloudResourceRef ref(String resourceId) {
        return CloudResourceRef.aws(account, region, resourceId);
    }

    static Map<String, String> tags(List<Tag> tags) {
        Map<String, String> map = new LinkedHashMap<>();
        for (Tag tag : tags) {
            if (tag.key() != null) {
                map.put(tag.key(), tag.value() == null ? "" : tag.value());
            }
        }
        return map;
    }
}
