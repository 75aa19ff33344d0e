package io.jenkins.plugins.releasegate.core.signature;

import static org.assertj.core.api.Assumptions.assumeThat;

import io.jenkins.plugins.releasegate.core.evidence.EvidenceReaderContract;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceVerifier;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

class RawSignatureReaderContractTest extends EvidenceReaderContract {

    @TempDir
    static Path keys;

    private static OpenSslKeyPair key;

    @BeforeAll
    static void makeKey() throws IOException {
        assumeThat(OpenSslPki.unavailable()).as("openssl is needed").isEmpty();
        key = OpenSslKeyPair.generate(keys, "release", "EC", "ec_paramgen_curve:P-256");
    }

    @Override
    protected EvidenceVerifier verifier() throws Exception {
        return new RawSignatureVerifier(PublicKeySet.load(List.of(key.publicKey())));
    }

    @Override
    protected Check check() {
        return Check.SIGNATURE;
    }

    @Override
    protected String evidenceName() {
        return "app-1.0.jar.sig";
    }

    @Override
    protected byte[] wellFormed() throws Exception {
        return key.signBase64(artifact(), "-sha256").getBytes(StandardCharsets.US_ASCII);
    }
}
