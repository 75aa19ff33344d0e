package io.jenkins.plugins.releasegate.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.core.verdict.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SecuritySeverityTest {

    @ParameterizedTest
    @CsvSource({
        "10, CRITICAL",
        "9.0, CRITICAL",
        "8.99, HIGH",
        "7.0, HIGH",
        "6.9, MEDIUM",
        "4.0, MEDIUM",
        "3.9, LOW",
        "0.1, LOW",
        "0, NONE",
        "0.0, NONE",
        "' 9.8 ', CRITICAL",
        "7E0, HIGH"
    })
    void mapsCvssScoresAsTheDesignSays(String text, Severity expected) {
        assertThat(SecuritySeverity.parse(text))
                .get()
                .extracting(SecuritySeverity::severity)
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"CRITICAL, CRITICAL", "high, HIGH", "Medium, MEDIUM", "LOW, LOW", "none, NONE", "INFO, NONE"})
    void readsSeverityWords(String text, Severity expected) {
        assertThat(SecuritySeverity.parse(text))
                .get()
                .extracting(SecuritySeverity::severity)
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "NaN", "Infinity", "9f", "0x1p3", "-0.1", "10.1", "severe", "unknown"})
    void refusesWhatIsNeitherScoreNorSeverity(String text) {
        assertThat(SecuritySeverity.parse(text)).isEmpty();
    }

    @Test
    void keepsTheTextAsStatedForReports() {
        assertThat(SecuritySeverity.parse(" 9.80 "))
                .get()
                .extracting(SecuritySeverity::text)
                .isEqualTo("9.80");
    }
}
