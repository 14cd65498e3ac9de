package io.reclaimer.collectors.aws.inventory;

import io.reclaimer.model.cloud.CloudResource;
import java.util.List;

/**
 * What one account and region holds. {@code complete} is false when any of the listing calls failed:
 * then absent resources must not be taken for deleted ones.
 */
public record RegionListing(String account, String region, List<CloudResource> resources, boolean complete) {

    public RegionListing {
        resources = List.copyOf(resources);
    }
}
