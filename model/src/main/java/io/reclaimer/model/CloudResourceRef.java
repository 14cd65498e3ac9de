package io.reclaimer.model;

/**
 * Identity of a cloud resource: {@code aws/account/region/resource-id}. The resource id is the provider's
 * own (volume id, allocation id, snapshot id, instance id, load balancer name or ARN suffix) and is the
 * only part that may contain '/'.
 */
public record CloudResourceRef(String provider, String account, String region, String resourceId) {

    public static final String AWS = "aws";

    public CloudResourceRef {
        Require.segment(provider, "provider");
        Require.segment(account, "account");
        Require.segment(region, "region");
        Require.text(resourceId, "resourceId");
    }

    public static CloudResourceRef aws(String account, String region, String resourceId) {
        return new CloudResourceRef(AWS, account, region, resourceId);
    }

    public String key() {
        return provider + '/' + account + '/' + region + '/' + resourceId;
    }

    public static CloudResourceRef parse(String key) {
        String[] parts = Require.text(key, "key").split("/", 4);
        if (parts.length != 4) {
            throw new InvalidEventException("cloud resource key must be provider/account/region/resource-id: " + key);
        }
        return new CloudResourceRef(parts[0], parts[1], parts[2], parts[3]);
    }

    @Override
    public String toString() {
        return key();
    }
}
