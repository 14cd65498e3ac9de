package io.reclaimer.collectors.aws.pricing;

import io.reclaimer.model.pricing.SpotPrice;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeSpotPriceHistoryRequest;

/**
 * The spot price in force now for each instance type and availability zone of a region (Linux/UNIX), from
 * EC2's {@code DescribeSpotPriceHistory}. Asked with a start time of now, EC2 returns for every type and zone
 * the price change in force at that time (possibly days old) plus any later one; the newest per type and zone
 * wins. Without instance types it reads the whole region (a few thousand entries over a few pages).
 */
final class SpotPriceReader {

    static final String LINUX = "Linux/UNIX";

    private final Ec2Client ec2;

    SpotPriceReader(Ec2Client ec2) {
        this.ec2 = ec2;
    }

    public List<SpotPrice> read(String region, Collection<String> instanceTypes, Instant now) {
        DescribeSpotPriceHistoryRequest.Builder request = DescribeSpotPriceHistoryRequest.builder()
                .productDescriptions(LINUX).startTime(now).maxResults(1000);
        if (!instanceTypes.isEmpty()) {
            request.instanceTypesWithStrings(new ArrayList<>(instanceTypes));
        }
        Map<String, SpotPrice> newest = new LinkedHashMap<>();
        for (software.amazon.awssdk.services.ec2.model.SpotPrice entry
                : ec2.describeSpotPriceHistoryPaginator(request.build()).spotPriceHistory()) {
            if (entry.availabilityZone() == null || entry.instanceTypeAsString() == null || entry.spotPrice() == null
                    || entry.timestamp() == null) {
                continue;
            }
            SpotPrice price = new SpotPrice(region, entry.availabilityZone(), entry.instanceTypeAsString(),
                    entry.productDescriptionAsString(), Double.parseDouble(entry.spotPrice()), entry.timestamp(), now);
            newest.merge(price.key(), price, (a, b) -> b.since().isAfter(a.since()) ? b : a);
        }
        return List.copyOf(newest.values());
    }
}
