package io.reclaimer.app.recommendations;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApplicationServerTest {

    @Test
    void aHostWithoutAPortGetsTheHttpEndpointsPort() {
        assertThat(ApplicationServer.resolve("10.1.2.3", 9400)).isEqualTo("10.1.2.3:9400");
        assertThat(ApplicationServer.resolve("streams-0.streams", 43211)).isEqualTo("streams-0.streams:43211");
        assertThat(ApplicationServer.resolve("[fd00::12]", 9400)).isEqualTo("[fd00::12]:9400");
        assertThat(ApplicationServer.resolve("fd00::12", 9400)).isEqualTo("[fd00::12]:9400");
    }

    @Test
    void anExplicitPortIsKept() {
        assertThat(ApplicationServer.resolve("10.1.2.3:8080", 9400)).isEqualTo("10.1.2.3:8080");
        assertThat(ApplicationServer.resolve("[fd00::12]:8080", 9400)).isEqualTo("[fd00::12]:8080");
    }

    @Test
    void unsetStaysUnset() {
        assertThat(ApplicationServer.resolve("", 9400)).isEmpty();
        assertThat(ApplicationServer.resolve(null, 9400)).isEmpty();
        assertThat(ApplicationServer.resolve("  ", 9400)).isEmpty();
    }
}
