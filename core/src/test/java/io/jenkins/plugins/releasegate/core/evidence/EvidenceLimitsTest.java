package io.jenkins.plugins.releasegate.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.core.verdict.Check;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EvidenceLimitsTest {

    @Test
    void takesEachCapFromItsOwnProperty() {
        Map<String, String> properties =
                Map.of("releasegate.maxEvidenceBytes.sbom", "1000", "releasegate.maxEvidenceBytes.scan", " 2048 ");

        assertThat(EvidenceLimits.maxBytes(Check.SBOM, properties::get)).isEqualTo(1000);
        assertThat(EvidenceLimits.maxBytes(Check.SCAN, properties::get)).isEqualTo(2048);
        assertThat(EvidenceLimits.maxBytes(Check.SIGNATURE, properties::get))
                .isEqualTo(EvidenceLimits.SIGNATURE_MAX_BYTES);
    }

    @Test
    void keepsTheDefaultCapWhenThePropertyIsNotAPositiveNumber() {
        for (String bad : new String[] {"", "ten", "-5", "0", "1e9"}) {
            Map<String, String> properties = Map.of("releasegate.maxEvidenceBytes.sbom", bad);

            assertThat(EvidenceLimits.maxBytes(Check.SBOM, properties::get))
                    .as("cap for %s", bad)
                    .isEqualTo(EvidenceLimits.SBOM_MAX_BYTES);
        }
    }
}
