package io.jenkins.plugins.releasegate.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.core.verdict.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The words the scanners write for severity, and what the gate makes of each. */
class ScannerSeverityTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "CRITICAL,      CRITICAL",
        "Critical,      CRITICAL",
        "HIGH,          HIGH",
        "MEDIUM,        MEDIUM",
        "moderate,      MEDIUM",
        "LOW,           LOW",
        "Negligible,    NONE",
        "NONE,          NONE",
        "info,          NONE",
        "UNKNOWN,       HIGH",
        "Unknown,       HIGH"
    })
    void mapsEachWordTheScannersWrite(String word, Severity expected) {
        assertThat(ScannerSeverity.of(word)).contains(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Important", "severe", "9.8"})
    void knowsNoOtherWord(String word) {
        assertThat(ScannerSeverity.of(word)).isEmpty();
    }

    @Test
    void saysWhenAWordIsNotTheGatesOwn() {
        assertThat(ScannerSeverity.source("Grype severity", "High", Severity.HIGH))
                .isEqualTo("Grype severity High");
        assertThat(ScannerSeverity.source("Grype severity", "Negligible", Severity.NONE))
                .isEqualTo("Grype severity Negligible, taken as none");
    }
}
