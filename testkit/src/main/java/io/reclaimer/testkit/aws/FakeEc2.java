package io.reclaimer.testkit.aws;

import static io.reclaimer.testkit.aws.FakeAws.filters;
import static io.reclaimer.testkit.aws.FakeAws.indexed;
import static io.reclaimer.testkit.aws.FakeAws.indexedPairs;
import static io.reclaimer.testkit.aws.FakeAws.tagSet;
import static io.reclaimer.testkit.aws.FakeAws.tagSpec;
import static io.reclaimer.testkit.aws.FakeAws.xml;

import io.reclaimer.testkit.aws.FakeAws.Reply;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The EC2 part of {@link FakeAws}: volumes, snapshots, Elastic IPs, tags, images (and no instances). */
final class FakeEc2 {

    private final FakeAws aws;

    FakeEc2(FakeAws aws) {
        this.aws = aws;
    }

    Reply handle(FakeAwsAccount a, String action, Map<String, String> p) {
        return switch (action) {
            case "DescribeVolumes" -> describeVolumes(a, p);
            case "CreateSnapshot" -> createSnapshot(a, p);
            case "DescribeSnapshots" -> describeSnapshots(a, p);
            case "DeleteVolume" -> {
                String id = p.get("VolumeId");
                if (a.volumes.remove(id) == null) {
                    yield Reply.error(400, "InvalidVolume.NotFound", "The volume '" + id + "' does not exist.");
                }
                yield Reply.ec2("DeleteVolumeResponse", "<return>true</return>");
            }
            case "CreateVolume" -> createVolume(a, p);
            case "DescribeAddresses" -> describeAddresses(a, p);
            case "ReleaseAddress" -> {
                String id = p.get("AllocationId");
                if (a.addresses.remove(id) == null) {
                    yield Reply.error(400, "InvalidAllocationID.NotFound", "The allocation ID '" + id + "' does not exist");
                }
                yield Reply.ec2("ReleaseAddressResponse", "<return>true</return>");
            }
            case "AllocateAddress" -> {
                String id = aws.newId("eipalloc-");
                a.addresses.put(id, new LinkedHashMap<>(Map.of("ip", p.get("Address"))));
                a.tags.put(id, tagSpec(p));
                yield Reply.ec2("AllocateAddressResponse", "<publicIp>" + p.get("Address") + "</publicIp><domain>vpc"
                        + "</domain><allocationId>" + id + "</allocationId>");
            }
            case "CreateTags" -> {
                Map<String, String> added = indexedPairs(p, "Tag.");
                for (String resource : indexed(p, "ResourceId.")) {
                    a.tags.computeIfAbsent(resource, k -> new LinkedHashMap<>()).putAll(added);
                }
                yield Reply.ec2("CreateTagsResponse", "<return>true</return>");
            }
            case "DeleteTags" -> {
                for (String resource : indexed(p, "ResourceId.")) {
                    Map<String, String> mine = a.tags.get(resource);
                    if (mine != null) {
                        for (int i = 1; p.containsKey("Tag." + i + ".Key"); i++) {
                            mine.remove(p.get("Tag." + i + ".Key"));
                        }
                    }
                }
                yield Reply.ec2("DeleteTagsResponse", "<return>true</return>");
            }
            case "DescribeTags" -> describeTags(a, p);
            case "DescribeInstances" -> Reply.ec2("DescribeInstancesResponse", "<reservationSet/>");
            case "DescribeImages" -> describeImages(a);
            default -> Reply.error(400, "InvalidAction", "The action " + action + " is not valid for this web service.");
        };
    }

    private static boolean tagsMatch(FakeAwsAccount a, String id, Map<String, String> filters) {
        return filters.entrySet().stream().allMatch(f -> !f.getKey().startsWith("tag:")
                || f.getValue().equals(a.tags.getOrDefault(id, Map.of()).get(f.getKey().substring(4))));
    }

    private Reply describeVolumes(FakeAwsAccount a, Map<String, String> p) {
        Map<String, String> filters = filters(p);
        StringBuilder items = new StringBuilder();
        List<String> ids = indexed(p, "VolumeId.");
        synchronized (a.volumes) {
            for (String id : ids) {
                Map<String, String> v = a.volumes.get(id);
                if (v == null) {
                    return Reply.error(400, "InvalidVolume.NotFound", "The volume '" + id + "' does not exist.");
                }
                items.append(volumeXml(a, id, v));
            }
            if (ids.isEmpty()) {
                a.volumes.forEach((id, v) -> {
                    if (tagsMatch(a, id, filters)) {
                        items.append(volumeXml(a, id, v));
                    }
                });
            }
        }
        return Reply.ec2("DescribeVolumesResponse", "<volumeSet>" + items + "</volumeSet>");
    }

    private static String volumeXml(FakeAwsAccount a, String id, Map<String, String> v) {
        String attachment = v.containsKey("instance") ? "<item><volumeId>" + id + "</volumeId><instanceId>"
                + v.get("instance") + "</instanceId><device>/dev/sdf</device><status>attached</status></item>" : "";
        return "<item><volumeId>" + id + "</volumeId><size>" + v.get("size") + "</size><snapshotId>"
                + v.getOrDefault("snapshot", "") + "</snapshotId><availabilityZone>" + v.get("az")
                + "</availabilityZone><status>" + v.get("state") + "</status><createTime>"
                + FakeAws.timestamp(Instant.parse(v.getOrDefault("created", "2026-01-05T10:00:00Z")))
                + "</createTime><attachmentSet>" + attachment + "</attachmentSet><volumeType>" + v.get("type")
                + "</volumeType><iops>" + v.get("iops") + "</iops><throughput>" + v.get("throughput")
                + "</throughput><encrypted>false</encrypted>" + tagSet(a.tags.getOrDefault(id, Map.of())) + "</item>";
    }

    private Reply createSnapshot(FakeAwsAccount a, Map<String, String> p) {
        String volume = p.get("VolumeId");
        Map<String, String> source = a.volumes.get(volume);
        if (source == null) {
            return Reply.error(400, "InvalidVolume.NotFound", "The volume '" + volume + "' does not exist.");
        }
        String id = aws.newId("snap-");
        Map<String, String> s = new LinkedHashMap<>(Map.of("volume", volume, "state", "pending",
                "polls", String.valueOf(aws.pollsUntilCompleted), "description", p.getOrDefault("Description", ""),
                "started", aws.clock.instant().toString(), "size", source.get("size")));
        if (aws.pollsUntilCompleted <= 0) {
            s.put("state", "completed");
        }
        a.snapshots.put(id, s);
        a.tags.put(id, tagSpec(p));
        return Reply.ec2("CreateSnapshotResponse", "<snapshotId>" + id + "</snapshotId><volumeId>" + volume + "</volumeId>"
                + "<status>" + s.get("state") + "</status><startTime>" + FakeAws.timestamp(Instant.parse(s.get("started")))
                + "</startTime><progress></progress><ownerId>" + a.id + "</ownerId><volumeSize>" + s.get("size")
                + "</volumeSize><description>" + xml(s.get("description")) + "</description><encrypted>false</encrypted>"
                + tagSet(a.tags.get(id)));
    }

    private Reply describeSnapshots(FakeAwsAccount a, Map<String, String> p) {
        Map<String, String> filters = filters(p);
        StringBuilder items = new StringBuilder();
        String byId = p.get("SnapshotId.1");
        synchronized (a.snapshots) {
            for (var e : a.snapshots.entrySet()) {
                String id = e.getKey();
                Map<String, String> s = e.getValue();
                if (byId != null && !byId.equals(id) || !tagsMatch(a, id, filters)) {
                    continue;
                }
                if (byId != null && "pending".equals(s.get("state"))) {
                    int polls = Integer.parseInt(s.get("polls")) - 1;
                    s.put("polls", String.valueOf(polls));
                    if (polls <= 0) {
                        s.put("state", "completed");
                        aws.onSnapshotCompleted.run();
                    }
                }
                items.append("<item><snapshotId>").append(id).append("</snapshotId><volumeId>").append(s.get("volume"))
                        .append("</volumeId><status>").append(s.get("state")).append("</status><startTime>")
                        .append(FakeAws.timestamp(Instant.parse(s.getOrDefault("started", "2026-11-20T10:00:00Z"))))
                        .append("</startTime><progress>").append("completed".equals(s.get("state")) ? "100%" : "40%")
                        .append("</progress><ownerId>").append(a.id).append("</ownerId><volumeSize>")
                        .append(s.getOrDefault("size", "100")).append("</volumeSize><description>")
                        .append(xml(s.get("description"))).append("</description><encrypted>false</encrypted>")
                        .append(tagSet(a.tags.getOrDefault(id, Map.of()))).append("</item>");
            }
        }
        if (byId != null && items.isEmpty()) {
            return Reply.error(400, "InvalidSnapshot.NotFound", "The snapshot '" + byId + "' does not exist.");
        }
        return Reply.ec2("DescribeSnapshotsResponse", "<snapshotSet>" + items + "</snapshotSet>");
    }

    private Reply createVolume(FakeAwsAccount a, Map<String, String> p) {
        String id = aws.newId("vol-");
        Map<String, String> v = new LinkedHashMap<>(Map.of("state", "available", "az", p.get("AvailabilityZone"),
                "type", p.getOrDefault("VolumeType", "gp2"), "size", p.getOrDefault("Size", "0"),
                "iops", p.getOrDefault("Iops", "0"), "throughput", p.getOrDefault("Throughput", "0"),
                "snapshot", p.getOrDefault("SnapshotId", ""), "created", aws.clock.instant().toString()));
        a.volumes.put(id, v);
        a.tags.put(id, tagSpec(p));
        return Reply.ec2("CreateVolumeResponse", "<volumeId>" + id + "</volumeId><size>" + v.get("size") + "</size>"
                + "<snapshotId>" + v.get("snapshot") + "</snapshotId><availabilityZone>" + v.get("az")
                + "</availabilityZone><status>creating</status><createTime>"
                + FakeAws.timestamp(Instant.parse(v.get("created"))) + "</createTime><volumeType>" + v.get("type")
                + "</volumeType><iops>" + v.get("iops") + "</iops><encrypted>false</encrypted>" + tagSet(a.tags.get(id)));
    }

    private Reply describeAddresses(FakeAwsAccount a, Map<String, String> p) {
        Map<String, String> filters = filters(p);
        StringBuilder items = new StringBuilder();
        String byId = p.get("AllocationId.1");
        if (byId != null && !a.addresses.containsKey(byId)) {
            return Reply.error(400, "InvalidAllocationID.NotFound", "The allocation ID '" + byId + "' does not exist");
        }
        synchronized (a.addresses) {
            a.addresses.forEach((id, address) -> {
                if (byId != null && !byId.equals(id)
                        || filters.containsKey("public-ip") && !filters.get("public-ip").equals(address.get("ip"))) {
                    return;
                }
                String association = address.containsKey("instance") ? "<associationId>eipassoc-1</associationId>"
                        + "<instanceId>" + address.get("instance") + "</instanceId>" : "";
                items.append("<item><publicIp>").append(address.get("ip")).append("</publicIp><allocationId>").append(id)
                        .append("</allocationId><domain>vpc</domain>").append(association)
                        .append("<networkBorderGroup>eu-west-1</networkBorderGroup>")
                        .append(tagSet(a.tags.getOrDefault(id, Map.of()))).append("</item>");
            });
        }
        return Reply.ec2("DescribeAddressesResponse", "<addressesSet>" + items + "</addressesSet>");
    }

    private static Reply describeTags(FakeAwsAccount a, Map<String, String> p) {
        Map<String, String> filters = filters(p);
        String resource = filters.get("resource-id");
        StringBuilder items = new StringBuilder();
        a.tags.getOrDefault(resource, Map.of()).forEach((k, v) -> {
            if (!filters.containsKey("key") || filters.get("key").equals(k)) {
                items.append("<item><resourceId>").append(resource).append("</resourceId><resourceType>volume")
                        .append("</resourceType><key>").append(xml(k)).append("</key><value>").append(xml(v))
                        .append("</value></item>");
            }
        });
        return Reply.ec2("DescribeTagsResponse", "<tagSet>" + items + "</tagSet>");
    }

    private static Reply describeImages(FakeAwsAccount a) {
        StringBuilder items = new StringBuilder();
        synchronized (a.images) {
            a.images.forEach((id, image) -> {
                StringBuilder devices = new StringBuilder();
                int device = 0;
                for (String snapshot : image.get("snapshots").split(",")) {
                    devices.append("<item><deviceName>/dev/sd").append((char) ('a' + device++)).append("1</deviceName>")
                            .append("<ebs><snapshotId>").append(snapshot).append("</snapshotId><volumeSize>8</volumeSize>")
                            .append("<deleteOnTermination>true</deleteOnTermination><volumeType>gp3</volumeType></ebs></item>");
                }
                items.append("<item><imageId>").append(id).append("</imageId><imageState>available</imageState>")
                        .append("<imageOwnerId>").append(a.id).append("</imageOwnerId><isPublic>false</isPublic>")
                        .append("<name>").append(xml(image.get("name"))).append("</name><rootDeviceType>ebs")
                        .append("</rootDeviceType><blockDeviceMapping>").append(devices).append("</blockDeviceMapping>")
                        .append("</item>");
            });
        }
        return Reply.ec2("DescribeImagesResponse", "<imagesSet>" + items + "</imagesSet>");
    }
}
