package io.reclaimer.streams.consolidation;

import static org.assertj.core.api.Assertions.assertThat;

import io.reclaimer.streams.consolidation.CheapestShape.Candidate;
import io.reclaimer.streams.consolidation.CheapestShape.Demand;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheapestShapeTest {

    private static final List<Candidate> CANDIDATES = List.of(
            new Candidate("m5.large", 2, 8, 0.096, false),
            new Candidate("m5.2xlarge", 8, 32, 0.384, false),
            new Candidate("m6g.2xlarge", 8, 32, 0.308, true),
            new Candidate("r5.large", 2, 16, 0.126, false));

    @Test
    void theCheapestTypeForThePoolsTotalsAndLargestPodWinsGravitonOnlyWhenArm64IsAllowed() {
        Demand demand = new Demand(20, 60, 3, 10, false);
        // m5.large cannot hold the 3-core pod; m5.2xlarge: max(ceil(20/7.2), ceil(60/28.8)) = 3 nodes, $1.152
        assertThat(CheapestShape.cheapest(demand, CANDIDATES).orElseThrow())
                .satisfies(c -> {
                    assertThat(c.type().instanceType()).isEqualTo("m5.2xlarge");
                    assertThat(c.nodes()).isEqualTo(3);
                });
        var arm = CheapestShape.cheapest(new Demand(20, 60, 3, 10, true), CANDIDATES).orElseThrow();
        assertThat(arm.type().instanceType()).isEqualTo("m6g.2xlarge");
        assertThat(arm.type().graviton()).isTrue();
        assertThat(arm.usdPerHour()).isEqualTo(3 * 0.308);
    }
}
