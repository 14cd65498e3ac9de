package io.reclaimer.streams.rightsizing.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.reclaimer.model.ContainerRef;
import io.reclaimer.model.kubernetes.UnitPrices;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class WhatIfTest {

    static final ContainerRef WEB = ContainerRef.parse("prod/shop/Deployment/web/app");
    static final long MIB = 1L << 20;

    /** Two days, a sample every 5 minutes; on the second day twelve samples use 0.4 cores and memory nears 512 MiB. */
    static List<UsageCsv.Row> twoDays(boolean withGap) throws Exception {
        StringBuilder csv = new StringBuilder("timestamp,cluster,namespace,workload,container,pod,cpu_cores,memory_bytes,"
                + "cpu_request_cores,memory_request_bytes\n");
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        for (int i = 0; i < 2 * 288; i++) {
            boolean busy = i >= 300 && i < 312;
            if (withGap && i > 311 && i < 432) {
                continue; // ten hours without monitoring right after the burst
            }
            long memory = i == 5 ? 0 : i == 400 ? 500 * MIB : i == 401 ? 600 * MIB : 300 * MIB;
            csv.append(start.plusSeconds(300L * i)).append(",prod,shop,Deployment/web,app,web-1,").append(busy ? "0.4" : "0.1")
                    .append(',').append(memory).append(",1,").append(1L << 30).append('\n');
        }
        return UsageCsv.read(new StringReader(csv.toString())).rows();
    }

    @Test
    void answersTheShareAboveTheWorstDayTheThrottlingAndTheOomRisk() throws Exception {
        WhatIf.Report r = WhatIf.replay(WEB, twoDays(false), 0.2, 512 * MIB, null);
        assertThat(r.samples()).isEqualTo(576);
        assertThat(r.cpuAbovePercent()).isCloseTo(100.0 * 12 / 576, offset(1e-9));
        // each of the twelve 5-minute samples at 0.4 cores would run half its interval at a 0.2-core limit
        assertThat(r.cpuThrottledHours()).isCloseTo(12 * 5 / 60.0 / 2, offset(1e-9));
        // the 0 reading is unknown: 575 memory readings, one above (600 MiB), one within 5% below (500 MiB)
        assertThat(r.memoryReadings()).isEqualTo(575);
        assertThat(r.memoryAbovePercent()).isCloseTo(100.0 / 575, offset(1e-9));
        assertThat(r.memoryWithin5PercentPercent()).isCloseTo(100.0 / 575, offset(1e-9));
        assertThat(r.worstDay().date()).isEqualTo(LocalDate.parse("2026-11-02"));
        assertThat(r.worstDay().cpuAbove()).isEqualTo(12);
        assertThat(r.worstDay().memoryAbove()).isEqualTo(1);
        assertThat(r.monthlySavingsUsd()).isNull();
        StringWriter text = new StringWriter();
        WhatIfOutput.text(r, text);
        assertThat(text.toString()).contains("worst day                  2026-11-02: 13 of 288 samples above")
                .contains("not priced");
        assertThat(WhatIfOutput.summary(r)).startsWith("at 200m CPU / 512Mi memory, the last 2.0 days had 2.08% of samples "
                + "above the CPU (about 30 min throttled)");
    }

    @Test
    void aMonitoringGapAfterABurstIsNotCountedAsThrottled() throws Exception {
        WhatIf.Report r = WhatIf.replay(WEB, twoDays(true), 0.2, 512 * MIB, null);
        // the last busy sample is followed by ten silent hours: it counts one median interval, not ten hours
        assertThat(r.cpuThrottledHours()).isCloseTo(12 * 5 / 60.0 / 2, offset(1e-9));
    }

    @Test
    void pricesTheProposalAgainstTheCurrentRequests() throws Exception {
        WhatIf.Report r = WhatIf.replay(WEB, twoDays(false), 0.2, 512 * MIB, new UnitPrices(0.04, 0.005));
        assertThat(r.currentCpuCores()).isEqualTo(1.0);
        assertThat(r.currentMemoryBytes()).isEqualTo(1L << 30);
        assertThat(r.replicas()).isEqualTo(1);
        assertThat(r.monthlySavingsUsd()).isCloseTo(((1 - 0.2) * 0.04 + 0.5 * 0.005) * 730, offset(0.01));
    }

    @Test
    void anUnknownContainerOrANonPositiveProposalIsAClearError() throws Exception {
        assertThatThrownBy(() -> WhatIf.replay(ContainerRef.parse("prod/shop/Deployment/api/app"), twoDays(false), 0.2,
                512 * MIB, null)).hasMessage("no samples of prod/shop/Deployment/api/app in the input");
        assertThatThrownBy(() -> WhatIf.replay(WEB, twoDays(false), 0, 512 * MIB, null))
                .hasMessageContaining("must be > 0");
    }
}
