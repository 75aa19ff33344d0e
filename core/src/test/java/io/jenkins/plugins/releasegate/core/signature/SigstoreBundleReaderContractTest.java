package io.jenkins.plugins.releasegate.core.signature;

import static org.assertj.core.api.Assumptions.assumeThat;

import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceReaderContract;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceVerifier;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

class SigstoreBundleReaderContractTest extends EvidenceReaderContract {

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
        return new SigstoreBundleVerifier(PublicKeySet.load(List.of(key.publicKey())));
    }

    @Override
    protected Check check() {
        return Check.SIGNATURE;
    }

    @Override
    protected String evidenceName() {
        return "app-1.0.jar.sigstore.json";
    }

    @Override
    protected byte[] wellFormed() throws Exception {
        byte[] digest = DigestAlgorithm.SHA_256.newDigest().digest(Files.readAllBytes(artifact()));
        String bundle =
                """
                {
                  "mediaType": "application/vnd.dev.sigstore.bundle.v0.3+json",
                  "verificationMaterial": {},
                  "messageSignature": {
                    "messageDigest": {"algorithm": "SHA2_256", "digest": "%s"},
                    "signature": "%s"
                  }
                }
                """.formatted(Base64.getEncoder().encodeToString(digest), key.signBase64(artifact(), "-sha256"));
        return bundle.getBytes(StandardCharsets.UTF_8);
    }
}
