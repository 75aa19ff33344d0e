package io.jenkins.plugins.releasegate.core.scan;

import io.jenkins.plugins.releasegate.core.evidence.EvidenceReaderContract;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceVerifier;
import io.jenkins.plugins.releasegate.core.policy.ScanPolicy;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import java.nio.charset.StandardCharsets;

class GrypeReaderContractTest extends EvidenceReaderContract {

    @Override
    protected EvidenceVerifier verifier() {
        return new GrypeVerifier(ScanPolicy.defaults(), ScanReportFixture.CLOCK);
    }

    @Override
    protected Check check() {
        return Check.SCAN;
    }

    @Override
    protected String evidenceName() {
        return "app-1.0.jar.grype.json";
    }

    @Override
    protected byte[] wellFormed() {
        String report = """
                {"matches": [{"vulnerability": {"id": "CVE-2024-0001", "severity": "Low"},
                              "artifact": {"name": "lib", "version": "1.0"}}],
                 "source": {"type": "file", "target": {"userInput": "app-1.0.jar"}},
                 "descriptor": {"name": "grype", "version": "0.80.0", "timestamp": "2025-06-01T10:00:00Z"}}
                """;
        return report.getBytes(StandardCharsets.UTF_8);
    }
}
