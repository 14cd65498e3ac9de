package io.reclaimer.model.pricing;

import com.fasterxml.jackson.annotation.JsonTypeName;
import io.reclaimer.model.Require;
import java.time.Instant;

/**
 * The public on-demand price of one EC2 instance type in one region (Linux, shared tenancy, no pre-installed
 * software), with the shape the Price List gives it: vCPUs, memory, GPUs, CPU architecture
 * ({@code x86_64} or {@code arm64}) and physical processor (Graviton shows there). Keyed
 * {@code ec2/<region>/<instanceType>}.
 */
@JsonTypeName("instance-type-price/v1")
public record InstanceTypePrice(String region, String instanceType, double vcpu, double memoryGib, int gpus,
                                String architecture, String physicalProcessor,
                                double onDemandUsdPerHour, String sku, String source, Instant observedAt)
        implements PriceRecord {

    public InstanceTypePrice {
        Require.segment(region, "region");
        Require.segment(instanceType, "instanceType");
        Require.nonNegative(vcpu, "vcpu");
        Require.nonNegative(memoryGib, "memoryGib");
        Require.nonNegative(gpus, "gpus");
        architecture = architecture == null ? "" : architecture;
        physicalProcessor = physicalProcessor == null ? "" : physicalProcessor;
        Require.nonNegative(onDemandUsdPerHour, "onDemandUsdPerHour");
        sku = sku == null ? "" : sku;
        Require.text(source, "source");
        Require.present(observedAt, "observedAt");
    }

    public static String keyOf(String region, String instanceType) {
        return "ec2/" + region + '/' + instanceType;
    }

    @Override
    public String key() {
        return keyOf(region, instanceType);
    }

    /** AWS Graviton (arm64) instance types. */
    public boolean graviton() {
        return "arm64".equals(architecture) || physicalProcessor.contains("Graviton");
    }
}
