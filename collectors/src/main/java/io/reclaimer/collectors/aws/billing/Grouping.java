package io.reclaimer.collectors.aws.billing;

import io.reclaimer.model.billing.BillingLine;

/**
 * What one Cost Explorer query groups the costs by (besides the linked account): the AWS service, or one
 * cost-allocation tag. Each grouping is its own query, so each has its own finalized days.
 */
record Grouping(String groupKey, String tagKey) {

    public static final String SERVICE_KEY = "SERVICE";
    public static final String TAG_KEY = "TAG";
    public static final Grouping SERVICE = new Grouping(SERVICE_KEY, "");

    Grouping {
        tagKey = tagKey == null ? "" : tagKey;
        if (!SERVICE_KEY.equals(groupKey) && !TAG_KEY.equals(groupKey)) {
            throw new IllegalArgumentException("grouping must be SERVICE or TAG, was " + groupKey);
        }
        if (TAG_KEY.equals(groupKey) == tagKey.isEmpty()) {
            throw new IllegalArgumentException("a TAG grouping needs a tag key, a SERVICE grouping none");
        }
    }

    public static Grouping tag(String tagKey) {
        return new Grouping(TAG_KEY, tagKey);
    }

    public static Grouping of(BillingLine line) {
        return TAG_KEY.equals(line.groupKey()) ? tag(line.tagKey()) : SERVICE;
    }

    public boolean isTag() {
        return TAG_KEY.equals(groupKey);
    }

    @Override
    public String toString() {
        return isTag() ? "tag:" + tagKey : "service";
    }
}
