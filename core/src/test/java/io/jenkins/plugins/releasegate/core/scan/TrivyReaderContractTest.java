package io.jenkins.plugins.releasegate.core.scan;

import io.jenkins.plugins.releasegate.core.evidence.EvidenceReaderContract;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceVerifier;
import io.jenkins.plugins.releasegate.core.policy.ScanPolicy;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import java.nio.charset.StandardCharsets;

class TrivyReaderContractTest extends EvidenceReaderContract {

    @Override
    protected EvidenceVerifier verifier() {
        return new TrivyVerifier(ScanPolicy.defaults(), ScanReportFixture.CLOCK);
    }

    @Override
    protected Check check() {
        return Check.SCAN;
    }

    @Override
    protected String evidenceName() {
        return "app-1.0.jar.trivy.json";
    }

    @Override
    protected byte[] wellFormed() {
        String report = """
                {"SchemaVersion": 2, "CreatedAt": "2025-06-01T10:00:00Z", "ArtifactName": "app-1.0.jar",
                 "ArtifactType": "filesystem",
                 "Results": [{"Target": "app-1.0.jar", "Class": "lang-pkgs", "Type": "jar",
                   "Vulnerabilities": [{"VulnerabilityID": "CVE-2024-0001", "PkgName": "lib",
                     "InstalledVersion": "1.0", "Severity": "LOW"}]}]}
                """;
        return report.getBytes(StandardCharsets.UTF_8);
    }
}
