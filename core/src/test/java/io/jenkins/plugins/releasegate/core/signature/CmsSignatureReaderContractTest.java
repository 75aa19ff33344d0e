package io.jenkins.plugins.releasegate.core.signature;

import io.jenkins.plugins.releasegate.core.evidence.EvidenceReaderContract;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceVerifier;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import java.time.Clock;
import java.util.List;

class CmsSignatureReaderContractTest extends EvidenceReaderContract {

    private static final TestPki PKI = TestPki.shared();

    @Override
    protected EvidenceVerifier verifier() {
        return CmsSignatureVerifierTest.verifier(
                CertificateTrust.of(List.of(PKI.root().certificate())), true, Clock.systemUTC());
    }

    @Override
    protected Check check() {
        return Check.SIGNATURE;
    }

    @Override
    protected String evidenceName() {
        return "app-1.0.jar.p7s";
    }

    @Override
    protected byte[] wellFormed() throws Exception {
        return CmsSignatureMaker.over(artifact())
                .signedBy(PKI.codeSigner())
                .carryingSignersAnd(PKI.intermediate())
                .der();
    }
}
