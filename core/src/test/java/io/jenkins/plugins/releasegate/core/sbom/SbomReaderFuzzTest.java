package io.jenkins.plugins.releasegate.core.sbom;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jenkins.plugins.releasegate.core.evidence.FuzzedEvidence;
import io.jenkins.plugins.releasegate.core.policy.SbomPolicy;
import java.io.IOException;

/** Fuzzes the SBOM readers; without {@code JAZZER_FUZZ=1} it replays the seeds in {@code SbomReaderFuzzTestInputs}. */
class SbomReaderFuzzTest {

    private static final CycloneDxVerifier CYCLONEDX = new CycloneDxVerifier(SbomPolicy.defaults());
    private static final SpdxVerifier SPDX = new SpdxVerifier(SbomPolicy.defaults());
    private static final FuzzedEvidence CYCLONEDX_JSON = new FuzzedEvidence(".cdx.json");
    private static final FuzzedEvidence CYCLONEDX_XML = new FuzzedEvidence(".cdx.xml");
    private static final FuzzedEvidence SPDX_JSON = new FuzzedEvidence(".spdx.json");

    @FuzzTest
    void cycloneDxJson(byte[] input) throws IOException {
        CYCLONEDX_JSON.check(CYCLONEDX, input);
    }

    @FuzzTest
    void cycloneDxXml(byte[] input) throws IOException {
        CYCLONEDX_XML.check(CYCLONEDX, input);
    }

    @FuzzTest
    void spdxJson(byte[] input) throws IOException {
        SPDX_JSON.check(SPDX, input);
    }
}
