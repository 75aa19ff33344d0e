package io.jenkins.plugins.releasegate.core.scan;

import io.jenkins.plugins.releasegate.core.evidence.EvidenceReaderContract;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceVerifier;
import io.jenkins.plugins.releasegate.core.policy.ScanPolicy;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import java.nio.charset.StandardCharsets;

class DependencyCheckReaderContractTest extends EvidenceReaderContract {

    @Override
    protected EvidenceVerifier verifier() {
        return new DependencyCheckVerifier(ScanPolicy.defaults(), ScanReportFixture.CLOCK);
    }

    @Override
    protected Check check() {
        return Check.SCAN;
    }

    @Override
    protected String evidenceName() {
        return "app-1.0.jar.dependency-check.json";
    }

    @Override
    protected byte[] wellFormed() {
        String report = """
                {"reportSchema": "1.1", "scanInfo": {"engineVersion": "9.0.0"},
                 "projectInfo": {"name": "app", "reportDate": "2025-06-01T10:00:00Z"},
                 "dependencies": [{"fileName": "app-1.0.jar", "filePath": "/build/app-1.0.jar",
                                   "vulnerabilities": []}]}
                """;
        return report.getBytes(StandardCharsets.UTF_8);
    }
}
