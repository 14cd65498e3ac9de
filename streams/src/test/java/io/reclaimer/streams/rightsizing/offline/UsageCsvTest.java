package io.reclaimer.streams.rightsizing.offline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UsageCsvTest {

    @Test
    void badRowsAreReportedWithTheirLineNumberAndGoodRowsStillCount() throws Exception {
        String csv = """
                timestamp,cluster,namespace,workload,container,cpu_cores,memory_bytes
                2026-11-01T10:00:00Z,prod,shop,web,app,0.25,268435456
                2026-11-01T10:01:00Z,prod,shop,web,app,lots,268435456
                1793527320,prod,shop,web,app,0.5,268435456
                2026-11-01T10:03:00Z,prod,shop,web,app,0.5
                not-a-time,prod,shop,web,app,0.5,1
                2026-11-01T10:05:00Z,prod,shop,web,app,-1,1
                2026-11-01T10:06:00Z,prod,shop,web,app,0.1,1.5
                """;
        UsageCsv.Parsed parsed = UsageCsv.read(new StringReader(csv));
        assertThat(parsed.rows()).hasSize(2);
        assertThat(parsed.rows().get(1).timestampMillis()).isEqualTo(Instant.parse("2026-11-01T10:02:00Z").toEpochMilli());
        assertThat(parsed.badRows()).extracting(UsageCsv.BadRow::toString).containsExactly(
                "line 3: cpu_cores 'lots' is not a number",
                "line 5: expected 7 columns, found 6",
                "line 6: timestamp 'not-a-time' is neither ISO-8601 nor epoch seconds",
                "line 7: cpu_cores must be a finite number >= 0, was -1",
                "line 8: memory_bytes '1.5' is not a whole number of bytes");
    }

    @Test
    void optionalColumnsMayComeInAnyOrderAndAKindPrefixesTheWorkload() throws Exception {
        String csv = """
                oom_killed,pod,memory_bytes,cpu_cores,container,workload,namespace,cluster,timestamp,memory_request_bytes,cpu_request_cores
                true,web-1,100,0.5,app,StatefulSet/db,shop,prod,2026-11-01T10:00:00+01:00,200,1
                """;
        UsageCsv.Row row = UsageCsv.read(new StringReader(csv)).rows().get(0);
        assertThat(row.container().key()).isEqualTo("prod/shop/StatefulSet/db/app");
        assertThat(row.pod()).isEqualTo("web-1");
        assertThat(row.oomKilled()).isTrue();
        assertThat(row.cpuRequestCores()).isEqualTo(1.0);
        assertThat(row.memoryRequestBytes()).isEqualTo(200L);
        assertThat(row.timestampMillis()).isEqualTo(Instant.parse("2026-11-01T09:00:00Z").toEpochMilli());
    }

    @Test
    void aHeaderWithoutARequiredColumnOrWithAnUnknownOneFailsTheFile() {
        assertThatThrownBy(() -> UsageCsv.read(new StringReader("timestamp,cluster,namespace,workload,container,cpu_cores\n")))
                .hasMessage("line 1: missing column(s) [memory_bytes]; the header must have "
                        + "timestamp,cluster,namespace,workload,container,cpu_cores,memory_bytes");
        assertThatThrownBy(() -> UsageCsv.read(new StringReader(
                "timestamp,cluster,namespace,workload,container,cpu_cores,memory_bytes,pods\n")))
                .hasMessageStartingWith("line 1: unknown column(s) [pods]");
    }
}
