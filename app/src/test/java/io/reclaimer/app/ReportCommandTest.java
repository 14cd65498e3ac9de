package io.reclaimer.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReportCommandTest {

    @Test
    void theReportReadsKafkaSoItNeedsABootstrapServer() {
        CliTest.Result result = CliTest.run("report", "--output", "/tmp/never");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).startsWith("reclaimer: report reads the pipeline's state from Kafka: give --kafka-bootstrap");
    }

    @Test
    void aBadRecipientIsNamed() {
        CliTest.Result result = CliTest.run("report", "--kafka-bootstrap", "127.0.0.1:1", "--to", "not an address");

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("invalid e-mail address 'not an address'").doesNotContain("\tat ");
    }

    @Test
    void offersTheDocumentedOptions() {
        CliTest.Result result = CliTest.run("report", "--help");

        assertThat(result.exitCode()).isZero();
        assertThat(result.out()).contains("--to", "--since", "--output", "--schedule");
    }
}
