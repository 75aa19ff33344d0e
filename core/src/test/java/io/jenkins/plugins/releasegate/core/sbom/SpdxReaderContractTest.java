package io.jenkins.plugins.releasegate.core.sbom;

import io.jenkins.plugins.releasegate.core.evidence.EvidenceReaderContract;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceVerifier;
import io.jenkins.plugins.releasegate.core.policy.SbomPolicy;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import java.nio.charset.StandardCharsets;

class SpdxReaderContractTest extends EvidenceReaderContract {

    @Override
    protected EvidenceVerifier verifier() {
        return new SpdxVerifier(SbomPolicy.defaults());
    }

    @Override
    protected Check check() {
        return Check.SBOM;
    }

    @Override
    protected String evidenceName() {
        return "app-1.0.jar.spdx.json";
    }

    @Override
    protected byte[] wellFormed() {
        String document = """
                {
                  "spdxVersion": "SPDX-2.3",
                  "dataLicense": "CC0-1.0",
                  "SPDXID": "SPDXRef-DOCUMENT",
                  "name": "app",
                  "documentNamespace": "https://example.com/spdx/app-1.0",
                  "creationInfo": {"created": "2025-06-01T10:00:00Z", "creators": ["Tool: test"]},
                  "documentDescribes": ["SPDXRef-app"],
                  "packages": [
                    {"SPDXID": "SPDXRef-app", "name": "app-1.0.jar", "versionInfo": "1.0",
                     "downloadLocation": "NOASSERTION", "filesAnalyzed": false}
                  ]
                }
                """;
        return document.getBytes(StandardCharsets.UTF_8);
    }
}
