package io.jenkins.plugins.releasegate.core.signature;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.jenkins.plugins.releasegate.core.evidence.FuzzedEvidence;
import io.jenkins.plugins.releasegate.core.policy.InvalidPolicyException;
import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * Fuzzes the CMS and OpenPGP signature parsers; without {@code JAZZER_FUZZ=1} it replays the seeds in
 * {@code SignatureParserFuzzTestInputs}.
 */
class SignatureParserFuzzTest {

    private static final CmsSignatureVerifier CMS = CmsSignatureVerifierTest.verifier(
            CertificateTrust.of(List.of(TestPki.shared().root().certificate())), true, Clock.systemUTC());
    private static final FuzzedEvidence CMS_FILE = new FuzzedEvidence(".p7s");
    private static final FuzzedEvidence OPENPGP_FILE = new FuzzedEvidence(".asc");

    @FuzzTest
    void cms(byte[] input) throws IOException {
        CMS_FILE.check(CMS, input);
    }

    @FuzzTest
    void openPgp(byte[] input) throws IOException, InvalidPolicyException {
        OPENPGP_FILE.check(new OpenPgpSignatureVerifier(OpenPgpKeyRing.load(List.of()), Clock.systemUTC()), input);
    }
}
