package io.jenkins.plugins.releasegate.core.sbom;

import io.jenkins.plugins.releasegate.core.evidence.EvidenceReaderContract;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceVerifier;
import io.jenkins.plugins.releasegate.core.policy.SbomPolicy;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import java.nio.charset.StandardCharsets;

class CycloneDxJsonReaderContractTest extends EvidenceReaderContract {

    @Override
    protected EvidenceVerifier verifier() {
        return new CycloneDxVerifier(SbomPolicy.defaults());
    }

    @Override
    protected Check check() {
        return Check.SBOM;
    }

    @Override
    protected String evidenceName() {
        return "app-1.0.jar.cdx.json";
    }

    @Override
    protected byte[] wellFormed() {
        return new SbomSample().describing("app", "1.0").json().getBytes(StandardCharsets.UTF_8);
    }
}
