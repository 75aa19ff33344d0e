package io.jenkins.plugins.releasegate.core.scan;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jenkins.plugins.releasegate.core.evidence.FuzzedEvidence;
import io.jenkins.plugins.releasegate.core.policy.ScanPolicy;
import java.io.IOException;

/** Fuzzes the scan readers; without {@code JAZZER_FUZZ=1} it replays the seeds in {@code ScanReaderFuzzTestInputs}. */
class ScanReaderFuzzTest {

    private static final ScanPolicy POLICY = ScanPolicy.defaults();
    private static final SarifVerifier SARIF = new SarifVerifier(POLICY, ScanReportFixture.CLOCK);
    private static final TrivyVerifier TRIVY = new TrivyVerifier(POLICY, ScanReportFixture.CLOCK);
    private static final GrypeVerifier GRYPE = new GrypeVerifier(POLICY, ScanReportFixture.CLOCK);
    private static final DependencyCheckVerifier DEPENDENCY_CHECK =
            new DependencyCheckVerifier(POLICY, ScanReportFixture.CLOCK);
    private static final FuzzedEvidence SARIF_FILE = new FuzzedEvidence(".sarif");
    private static final FuzzedEvidence TRIVY_FILE = new FuzzedEvidence(".trivy.json");
    private static final FuzzedEvidence GRYPE_FILE = new FuzzedEvidence(".grype.json");
    private static final FuzzedEvidence DEPENDENCY_CHECK_FILE = new FuzzedEvidence(".dependency-check.json");

    @FuzzTest
    void sarif(byte[] input) throws IOException {
        SARIF_FILE.check(SARIF, input);
    }

    @FuzzTest
    void trivy(byte[] input) throws IOException {
        TRIVY_FILE.check(TRIVY, input);
    }

    @FuzzTest
    void grype(byte[] input) throws IOException {
        GRYPE_FILE.check(GRYPE, input);
    }

    @FuzzTest
    void dependencyCheck(byte[] input) throws IOException {
        DEPENDENCY_CHECK_FILE.check(DEPENDENCY_CHECK, input);
    }
}
