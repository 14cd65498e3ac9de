package io.reclaimer.streams.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The instance's totals follow its tasks: a workload split over two tasks adds up, a task that leaves takes its share. */
class LiveAggregatesTest {

    private final LiveAggregates aggregates = LiveAggregates.forInstance("live-aggregates-test-" + System.nanoTime());

    private static Contribution saving(double usd) {
        return new Contribution(usd, 1.0, 0.25, 1024.0, 512.0);
    }

    @Test
    void aWorkloadSplitOverTwoTasksAddsUpAndATaskThatLeavesTakesItsShareAlong() {
        RightsizingTotals first = aggregates.startRightsizing("0_0");
        RightsizingTotals second = aggregates.startRightsizing("0_1");
        first.replace("c1/ns/Deployment/web/app", null, saving(30));
        second.replace("c1/ns/Deployment/web/envoy", null, saving(5));
        second.replace("c1/ns/Deployment/db/app", null, saving(20));
        first.replace("c2/ns/Deployment/api/app", null, saving(-3)); // costs more than it saves: counted, not ranked

        assertThat(top(10)).containsExactly(Map.entry("c1/ns/Deployment/web", 35.0), Map.entry("c1/ns/Deployment/db", 20.0));
        assertThat(top(1)).containsExactly(Map.entry("c1/ns/Deployment/web", 35.0));
        assertThat(namespaces()).containsExactlyInAnyOrderEntriesOf(Map.of("c1/ns", 55.0));
        assertThat(clusters()).containsEntry("c1", 3.0).containsEntry("c2", 1.0);

        // a new recommendation replaces the old contribution
        first.replace("c1/ns/Deployment/web/app", saving(30), saving(1));
        assertThat(top(10)).containsExactly(Map.entry("c1/ns/Deployment/db", 20.0), Map.entry("c1/ns/Deployment/web", 6.0));

        aggregates.stopRightsizing("0_1", second);
        assertThat(top(10)).containsExactly(Map.entry("c1/ns/Deployment/web", 1.0));
        assertThat(namespaces()).containsExactlyInAnyOrderEntriesOf(Map.of("c1/ns", 1.0));
        assertThat(clusters()).containsEntry("c1", 1.0).containsEntry("c2", 1.0);

        aggregates.stopRightsizing("0_0", first);
        assertThat(top(10)).isEmpty();
        assertThat(namespaces()).isEmpty();
        assertThat(clusters()).isEmpty();
    }

    @Test
    void aTaskStartedAgainWithoutACloseDoesNotCountTwice() {
        RightsizingTotals once = aggregates.startRightsizing("1_0");
        once.replace("c1/ns/Deployment/web/app", null, saving(10));
        RightsizingTotals again = aggregates.startRightsizing("1_0");
        again.replace("c1/ns/Deployment/web/app", null, saving(10));
        assertThat(top(10)).containsExactly(Map.entry("c1/ns/Deployment/web", 10.0));
    }

    private List<Map.Entry<String, Double>> top(int n) {
        List<Map.Entry<String, Double>> top = new ArrayList<>();
        aggregates.instance().topWorkloads(n, (k, v) -> top.add(Map.entry(k, v)));
        return top;
    }

    private Map<String, Double> namespaces() {
        Map<String, Double> sums = new LinkedHashMap<>();
        aggregates.instance().namespaces(sums::put);
        return sums;
    }

    private Map<String, Double> clusters() {
        Map<String, Double> counts = new LinkedHashMap<>();
        aggregates.instance().clusters((k, v) -> counts.put(k, v[RightsizingTotals.COUNT]));
        return counts;
    }
}
