package io.reclaimer.collectors.aws.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class InventoryTrackerTest {

    private static final String VOL_A = "aws/123456789012/us-east-1/vol-a";
    private static final String VOL_B = "aws/123456789012/us-east-1/vol-b";
    private static final String VOL_EU = "aws/123456789012/eu-west-1/vol-eu";

    private final InventoryTracker tracker = new InventoryTracker();

    @Test
    void aCompleteListingTombstonesWhatItNoLongerContains() {
        tracker.listed("123456789012", "us-east-1", List.of(VOL_A, VOL_B), true);

        assertThat(tracker.listed("123456789012", "us-east-1", List.of(VOL_A), true)).containsExactly(VOL_B);
        assertThat(tracker.listed("123456789012", "us-east-1", List.of(VOL_A), true)).isEmpty();
    }

    @Test
    void anIncompleteListingTombstonesNothingAndForgetsNothing() {
        tracker.listed("123456789012", "us-east-1", List.of(VOL_A, VOL_B), true);

        assertThat(tracker.listed("123456789012", "us-east-1", List.of(), false)).isEmpty();
        assertThat(tracker.known("123456789012", "us-east-1")).containsExactlyInAnyOrder(VOL_A, VOL_B);
        assertThat(tracker.listed("123456789012", "us-east-1", List.of(VOL_B), true)).containsExactly(VOL_A);
    }

    @Test
    void keysSeededFromTheTopicAreTombstonedByTheFirstCompleteListingOfTheirRegionOnly() {
        tracker.seed(List.of(VOL_A, VOL_EU, "not-a-key", "gcp/project/europe-west1/disk-1"));

        assertThat(tracker.listed("123456789012", "us-east-1", List.of(), true)).containsExactly(VOL_A);
        assertThat(tracker.known("123456789012", "eu-west-1")).containsExactly(VOL_EU);
        assertThat(tracker.listed("123456789012", "eu-west-1", List.of(), false)).isEmpty();
        assertThat(tracker.listed("210987654321", "eu-west-1", List.of(), true)).isEmpty();
    }
}
