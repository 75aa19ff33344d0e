package io.jenkins.plugins.releasegate.core.scan;

import io.jenkins.plugins.releasegate.core.evidence.EvidenceReaderContract;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceVerifier;
import io.jenkins.plugins.releasegate.core.policy.ScanPolicy;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import java.nio.charset.StandardCharsets;

class SarifReaderContractTest extends EvidenceReaderContract {

    @Override
    protected EvidenceVerifier verifier() {
        return new SarifVerifier(ScanPolicy.defaults(), ScanReportFixture.CLOCK);
    }

    @Override
    protected Check check() {
        return Check.SCAN;
    }

    @Override
    protected String evidenceName() {
        return "app-1.0.jar.sarif";
    }

    @Override
    protected byte[] wellFormed() {
        String report = """
                {"version": "2.1.0", "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
                 "runs": [{"tool": {"driver": {"name": "Scanner", "rules": [{"id": "R1"}]}},
                           "artifacts": [{"location": {"uri": "app-1.0.jar"}}],
                           "results": [{"ruleId": "R1", "level": "note", "message": {"text": "a note"}}]}]}
                """;
        return report.getBytes(StandardCharsets.UTF_8);
    }
}
