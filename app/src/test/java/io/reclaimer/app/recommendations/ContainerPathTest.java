package io.reclaimer.app.recommendations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.reclaimer.model.ContainerRef;
import org.junit.jupiter.api.Test;

class ContainerPathTest {

    @Test
    void readsTheFiveSegmentsOfAContainer() {
        assertThat(ContainerPath.parse("prod/shop/Deployment/checkout/app"))
                .isEqualTo(new ContainerRef("prod", "shop", "Deployment", "checkout", "app"));
    }

    @Test
    void decodesPercentEncodedSegmentsSoClusterIdsMayCarryColonsAndSpaces() {
        assertThat(ContainerPath.parse("eks%3Aeu-west-1%3Aprod/shop/Deployment/check%20out/app"))
                .isEqualTo(new ContainerRef("eks:eu-west-1:prod", "shop", "Deployment", "check out", "app"));
        assertThat(ContainerPath.parse("eks:eu-west-1:prod/shop/Deployment/checkout/app").cluster())
                .isEqualTo("eks:eu-west-1:prod");
    }

    @Test
    void readsAPlusAsAPlusBecauseOnlyQueryStringsAreFormEncoded() {
        assertThat(ContainerPath.parse("prod/shop/Deployment/c++/app").workloadName()).isEqualTo("c++");
    }

    @Test
    void encodesAnyContainerSoThatParsingGivesItBack() {
        ContainerRef odd = new ContainerRef("arn:aws:eks:eu-west-1:123:cluster:prod", "ns é", "Deployment", "a+b%c?d#e",
                "app");
        String path = ContainerPath.of(odd);
        assertThat(path).doesNotContain(" ", "?", "#", "+").contains("%3A", "%20", "%2B", "%25");
        assertThat(ContainerPath.parse(path)).isEqualTo(odd);
    }

    @Test
    void refusesAnythingButFiveSegments() {
        assertThatThrownBy(() -> ContainerPath.parse("prod/shop/Deployment/checkout"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 4 segments");
        assertThatThrownBy(() -> ContainerPath.parse("prod/shop/Deployment/checkout/app/extra"))
                .hasMessageContaining("got 6 segments");
        assertThatThrownBy(() -> ContainerPath.parse("prod/shop/Deployment/checkout/app/"))
                .hasMessageContaining("got 6 segments");
    }

    @Test
    void refusesEmptySegmentsEncodedSlashesAndBrokenEscapes() {
        assertThatThrownBy(() -> ContainerPath.parse("prod//Deployment/checkout/app"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("namespace");
        assertThatThrownBy(() -> ContainerPath.parse("prod%2Feu/shop/Deployment/checkout/app"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cluster must not contain '/'");
        assertThatThrownBy(() -> ContainerPath.parse("prod/shop/Deployment/check%zzout/app"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("malformed percent-encoding")
                .hasMessageContaining("check%zzout");
    }
}
