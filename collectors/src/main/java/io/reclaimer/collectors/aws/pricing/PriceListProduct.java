package io.reclaimer.collectors.aws.pricing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry of a {@code GetProducts} answer. The Price List returns each product as a JSON document inside a
 * string ({@code "PriceList": ["{\"product\":{...},\"terms\":{...}}", ...]}): the product's family and
 * attributes, and its terms, of which only {@code OnDemand} matters here. A term has one or more price
 * dimensions (tiers); {@link #onDemand()} is the first tier (the one starting at 0), which is what an unused
 * or modest resource is billed.
 */
record PriceListProduct(String sku, String productFamily, Map<String, String> attributes, List<Dimension> onDemand) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One price dimension of an on-demand term. */
    record Dimension(String unit, BigDecimal usd, BigDecimal beginRange, String description) {
    }

    static PriceListProduct parse(String document) {
        JsonNode root;
        try {
            root = JSON.readTree(document);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("unreadable Price List entry: " + e.getOriginalMessage(), e);
        }
        JsonNode product = root.path("product");
        Map<String, String> attributes = new java.util.TreeMap<>();
        product.path("attributes").fields().forEachRemaining(e -> attributes.put(e.getKey(), e.getValue().asText()));
        List<Dimension> dimensions = new ArrayList<>();
        for (JsonNode term : iterable(root.path("terms").path("OnDemand").elements())) {
            for (JsonNode dimension : iterable(term.path("priceDimensions").elements())) {
                JsonNode usd = dimension.path("pricePerUnit").path("USD");
                if (usd.isMissingNode() || usd.asText().isBlank()) {
                    continue;
                }
                String begin = dimension.path("beginRange").asText("0");
                dimensions.add(new Dimension(dimension.path("unit").asText(""), new BigDecimal(usd.asText()),
                        begin.isBlank() || "Inf".equals(begin) ? BigDecimal.ZERO : new BigDecimal(begin),
                        dimension.path("description").asText("")));
            }
        }
        dimensions.sort(java.util.Comparator.comparing(Dimension::beginRange));
        return new PriceListProduct(product.path("sku").asText(""), product.path("productFamily").asText(""),
                attributes, dimensions);
    }

    String attribute(String name) {
        return attributes.getOrDefault(name, "");
    }

    /** The first-tier on-demand price, if the product has one in US dollars. */
    Optional<Dimension> firstTier() {
        return onDemand.isEmpty() ? Optional.empty() : Optional.of(onDemand.get(0));
    }

    private static <T> Iterable<T> iterable(Iterator<T> iterator) {
        return () -> iterator;
    }
}
