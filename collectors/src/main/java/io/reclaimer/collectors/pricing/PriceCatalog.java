package io.reclaimer.collectors.pricing;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.reclaimer.model.Require;
import io.reclaimer.model.kubernetes.NodeInfo.CapacityType;
import io.reclaimer.model.kubernetes.UnitPrices;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Hourly EC2 prices per instance type, the shipped reference table merged with an operator's override
 * file. What a node costs and how that splits into CPU and RAM unit prices is {@link NodePricer}'s job.
 */
public final class PriceCatalog {

    private static final String SHIPPED = "ec2-prices.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** One instance type's shape and prices in the reference region. */
    public record InstanceType(double vcpu, double memoryGib, double onDemandUsdPerHour, Double spotUsdPerHour) {
        public InstanceType {
            Require.nonNegative(vcpu, "vcpu");
            Require.nonNegative(memoryGib, "memoryGib");
            Require.nonNegative(onDemandUsdPerHour, "onDemandUsdPerHour");
            Require.nonNegativeOrNull(spotUsdPerHour, "spotUsdPerHour");
        }
    }

    /** The file format, shipped and override alike; every section is optional in an override. */
    public record Document(String currency, String referenceRegion, Map<String, Double> regionMultipliers,
                           UnitPrices custom, UnitPrices split, Map<String, InstanceType> instanceTypes) {
    }

    private final String referenceRegion;
    private final Map<String, Double> regionMultipliers;
    private final UnitPrices custom;
    private final UnitPrices split;
    private final Map<String, InstanceType> instanceTypes;

    private PriceCatalog(String referenceRegion, Map<String, Double> regionMultipliers, UnitPrices custom,
                         UnitPrices split, Map<String, InstanceType> instanceTypes) {
        this.referenceRegion = referenceRegion;
        this.regionMultipliers = Map.copyOf(regionMultipliers);
        this.custom = custom;
        this.split = split;
        this.instanceTypes = Map.copyOf(instanceTypes);
    }

    /** The catalog shipped with Reclaimer. */
    public static PriceCatalog shipped() {
        try (InputStream in = PriceCatalog.class.getResourceAsStream(SHIPPED)) {
            if (in == null) {
                throw new IllegalStateException("the shipped price catalog " + SHIPPED + " is missing from the jar");
            }
            return from(YAML.readValue(in, Document.class));
        } catch (IOException e) {
            throw new IllegalStateException("the shipped price catalog is unreadable: " + e.getMessage(), e);
        }
    }

    /** The shipped catalog with the entries of {@code overrideFile} replacing or adding to it. */
    public static PriceCatalog withOverrides(Path overrideFile) {
        Document override;
        try {
            override = YAML.readValue(Files.readAllBytes(overrideFile), Document.class);
        } catch (ValueInstantiationException e) {
            throw new IllegalArgumentException(overrideFile + ":" + location(e) + ": "
                    + (e.getCause() != null ? e.getCause().getMessage() : e.getOriginalMessage()), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(overrideFile + ":" + location(e) + ": " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read price catalog " + overrideFile + ": " + e.getMessage(), e);
        }
        return shipped().merge(override);
    }

    private static String location(com.fasterxml.jackson.core.JsonProcessingException e) {
        return e.getLocation() == null ? "1:1" : e.getLocation().getLineNr() + ":" + e.getLocation().getColumnNr();
    }

    private static PriceCatalog from(Document d) {
        return new PriceCatalog(Require.text(d.referenceRegion(), "referenceRegion"),
                d.regionMultipliers() == null ? Map.of() : d.regionMultipliers(),
                Require.present(d.custom(), "custom"), Require.present(d.split(), "split"),
                d.instanceTypes() == null ? Map.of() : d.instanceTypes());
    }

    private PriceCatalog merge(Document override) {
        Map<String, Double> multipliers = new HashMap<>(regionMultipliers);
        if (override.regionMultipliers() != null) {
            multipliers.putAll(override.regionMultipliers());
        }
        Map<String, InstanceType> types = new HashMap<>(instanceTypes);
        if (override.instanceTypes() != null) {
            types.putAll(override.instanceTypes());
        }
        return new PriceCatalog(override.referenceRegion() != null ? override.referenceRegion() : referenceRegion,
                multipliers, override.custom() != null ? override.custom() : custom,
                override.split() != null ? override.split() : split, types);
    }

    public Optional<InstanceType> instanceType(String name) {
        return Optional.ofNullable(instanceTypes.get(name));
    }

    /** Hourly price of an instance type in a region for a capacity type, when the catalog knows the type. */
    public Optional<Double> hourlyUsd(String instanceType, String region, CapacityType capacityType) {
        InstanceType type = instanceTypes.get(instanceType);
        if (type == null) {
            return Optional.empty();
        }
        double reference = capacityType == CapacityType.SPOT && type.spotUsdPerHour() != null
                ? type.spotUsdPerHour() : type.onDemandUsdPerHour();
        return Optional.of(reference * regionMultiplier(region));
    }

    /** Whether the table (or an override) gives the type a spot price rather than pricing spot at on-demand. */
    public boolean hasSpotPrice(String instanceType) {
        InstanceType type = instanceTypes.get(instanceType);
        return type != null && type.spotUsdPerHour() != null;
    }

    public double regionMultiplier(String region) {
        if (region == null || region.isEmpty() || region.equals(referenceRegion)) {
            return 1.0;
        }
        return regionMultipliers.getOrDefault(region, 1.0);
    }

    /** Unit prices for capacity of unknown instance types (on-prem, exotic families). */
    public UnitPrices customUnitPrices() {
        return custom;
    }

    /** The CPU:RAM cost ratio used to split a node's price. */
    public UnitPrices splitRatio() {
        return split;
    }
}
