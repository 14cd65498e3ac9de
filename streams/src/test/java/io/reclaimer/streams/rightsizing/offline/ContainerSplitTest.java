package io.reclaimer.streams.rightsizing.offline;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.model.ContainerRef;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ContainerSplitTest {

    @Test
    void tuneAndHoldoutAreDisjointHalvesThatCoverEveryContainer() {
        List<ContainerRef> containers = IntStream.range(0, 400)
                .mapToObj(i -> new ContainerRef("real", "ns", "Deployment", "vm-" + i, "main")).toList();
        long tune = containers.stream().filter(ContainerSplit.TUNE::contains).count();
        long holdout = containers.stream().filter(ContainerSplit.HOLDOUT::contains).count();
        assertThat(tune + holdout).isEqualTo(400);
        assertThat(tune).isBetween(160L, 240L);
        assertThat(containers).allMatch(c -> ContainerSplit.TUNE.contains(c) != ContainerSplit.HOLDOUT.contains(c));
        assertThat(containers).allMatch(ContainerSplit.ALL::contains);
    }

    @Test
    void aContainersHalfIsFixedByItsKey() {
        // CRC-32 of the key: the same answer on every machine and in every run (this one is documented as held out)
        assertThat(ContainerSplit.HOLDOUT.contains(new ContainerRef("real", "bitbrains-rnd-2013-7", "Deployment",
                "vm-213", "main"))).isTrue();
        assertThat(ContainerSplit.parse("Tune")).isEqualTo(ContainerSplit.TUNE);
    }
}
