package io.jenkins.plugins.releasegate.core.signature;

import static org.assertj.core.api.Assumptions.assumeThat;

import io.jenkins.plugins.releasegate.core.evidence.EvidenceReaderContract;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceVerifier;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

class OpenPgpSignatureReaderContractTest extends EvidenceReaderContract {

    @TempDir
    static Path keys;

    private static GnuPg gpg;
    private static String signer;
    private static Path ring;

    @BeforeAll
    static void makeKey() throws IOException {
        assumeThat(GnuPg.unavailable()).as("gpg is needed").isEmpty();
        gpg = new GnuPg(keys.resolve("gnupg"));
        signer = gpg.generateKey("Release Signer <release@example.com>", "ed25519", "sign", null);
        ring = gpg.exportPublic(keys.resolve("ring.asc"), true, signer);
    }

    @AfterAll
    static void stopAgent() throws IOException {
        if (gpg != null) {
            gpg.close();
        }
    }

    @Override
    protected EvidenceVerifier verifier() throws Exception {
        return new OpenPgpSignatureVerifier(OpenPgpKeyRing.load(List.of(ring)), Clock.systemUTC());
    }

    @Override
    protected Check check() {
        return Check.SIGNATURE;
    }

    @Override
    protected String evidenceName() {
        return "app-1.0.jar.asc";
    }

    @Override
    protected byte[] wellFormed() throws Exception {
        Path signature = gpg.detachSign(signer, artifact(), folder.resolve("made.asc"), true);
        return Files.readAllBytes(signature);
    }
}
