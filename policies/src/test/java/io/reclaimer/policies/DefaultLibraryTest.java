package io.reclaimer.policies;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The shipped library is valid and passes its own test cases, so {@code ./mvnw verify} proves them. */
class DefaultLibraryTest {

    static final Path LIBRARY = Path.of("library");

    @Test
    void libraryIsValid() {
        assertThat(Policies.validate(LIBRARY)).isEmpty();
    }

    @Test
    void libraryPassesItsOwnTestCases() {
        PolicyTestReport report = Policies.test(LIBRARY);
        assertThat(report.successful()).as(String.join("\n", report.lines())).isTrue();
        assertThat(report.passed()).isGreaterThanOrEqualTo(15);
    }
}
