package io.jenkins.plugins.releasegate.core.signature;

import io.jenkins.plugins.releasegate.core.evidence.EvidenceReaderContract;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceVerifier;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/** A signed JAR carries its own signature, so here the hostile file is the artifact itself. */
class JarSignatureReaderContractTest extends EvidenceReaderContract {

    @Override
    protected EvidenceVerifier verifier() {
        return new JarSignatureVerifier(
                CertificateTrust.of(List.of(TestPki.shared().root().certificate())), true, Clock.systemUTC());
    }

    @Override
    protected Check check() {
        return Check.SIGNATURE;
    }

    @Override
    protected String evidenceName() {
        return "app-1.0.jar";
    }

    @Override
    protected Path artifact() {
        return folder.resolve(evidenceName());
    }

    /** The JAR reader looks only at the zip directory at the end, so a huge JAR fails as unreadable, not by size. */
    @Override
    protected Code oversizedCode() {
        return Code.SIGNATURE_MALFORMED;
    }

    @Override
    protected boolean cappedBySize() {
        return false;
    }

    @Override
    protected byte[] wellFormed() throws Exception {
        Path jar = JarSigning.writeJar(
                folder.resolve("made.jar"),
                Map.of("app/Main.class", "not really a class".getBytes(StandardCharsets.UTF_8)));
        return Files.readAllBytes(jar);
    }
}
