package io.jenkins.plugins.releasegate.core.signature;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.core.engine.GateFactory;
import io.jenkins.plugins.releasegate.core.policy.PolicyReader;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The signature formats beyond CMS, each made by its real tool, verified through the whole gate. */
class GateSignatureFormatsTest {

    @TempDir
    Path folder;

    @Test
    void verifiesAnOpenPgpSignatureFromTheGatesSingleReadOfTheArtifact() throws Exception {
        GnuPg.unavailable().ifPresent(reason -> Assumptions.abort(reason));
        Path artifact = artifact("app.jar", 3 << 20);
        try (GnuPg gpg = new GnuPg(folder.resolve("gnupg"))) {
            String fingerprint = gpg.generateKey("Release <release@example.com>", "ed25519", "sign", null);
            gpg.gpg(null, "--armor", "--detach-sign", "-u", fingerprint, "-o", artifact + ".asc", artifact.toString());
            Path key = gpg.exportPublic(folder.resolve("release.asc"), true, fingerprint);
            String policy = "signature:\n  formats: [openpgp]\n  trust:\n    openpgpKeys: [" + key + "]\n" + relaxed();

            CheckResult passed = signature(gate(policy, artifact));
            Files.writeString(artifact, "tampered", StandardOpenOption.APPEND);
            CheckResult tampered = signature(gate(policy, artifact));

            assertThat(passed.status()).as(passed.detail()).isEqualTo(Status.PASS);
            assertThat(passed.facts()).containsEntry("signer", "Release <release@example.com>");
            assertThat(tampered.status()).isEqualTo(Status.FAIL);
        }
    }

    @Test
    void verifiesARawSignatureAsCosignSignBlobWritesIt() throws Exception {
        Path artifact = artifact("app.jar", 100_000);
        OpenSslKeyPair keys = OpenSslKeyPair.generate(folder, "cosign", "EC", "ec_paramgen_curve:P-256");
        keys.sign(artifact, "-sha256", folder.resolve("app.jar.sig"));
        String policy =
                "signature:\n  formats: [raw]\n  trust:\n    publicKeys: [" + keys.publicKey() + "]\n" + relaxed();

        CheckResult result = signature(gate(policy, artifact));

        assertThat(result.status()).as(result.detail()).isEqualTo(Status.PASS);
        assertThat(result.facts()).containsKey("publicKeySha256");
    }

    @Test
    void verifiesAJarThatCarriesItsOwnSignatureAndMissesAnUnsignedOne() throws Exception {
        JarSigning signing = new JarSigning(folder);
        Path certificate = folder.resolve("signer.pem");
        JarSigning.KeyStore key = signing.selfSigned("signer", "CN=Jar Signer", certificate);
        Path signed = signing.sign(
                JarSigning.writeJar(folder.resolve("signed.jar"), Map.of("a/A.class", new byte[] {1, 2, 3})), key);
        Path unsigned = JarSigning.writeJar(folder.resolve("plain.jar"), Map.of("a/B.class", new byte[] {4}));
        String policy = "signature:\n  formats: [jar]\n  codeSigning: false\n  trust:\n    certificates: ["
                + certificate + "]\n" + relaxed();

        CheckResult good = signature(gate(policy, signed));
        CheckResult missing = signature(gate(policy, unsigned));

        assertThat(good.status()).as(good.detail()).isEqualTo(Status.PASS);
        assertThat(good.evidence()).isEqualTo(signed.toString());
        assertThat(missing.code()).isEqualTo(Code.SIGNATURE_MISSING);
    }

    /** SBOM and scan are not what these tests are about. */
    private static String relaxed() {
        return "sbom:\n  required: false\nscan:\n  required: false\n";
    }

    private Path artifact(String name, int size) throws Exception {
        byte[] content = new byte[size];
        new java.util.Random(1).nextBytes(content);
        return Files.write(folder.resolve(name), content);
    }

    private GateReport gate(String policy, Path artifact) throws Exception {
        Path file = Files.writeString(folder.resolve("policy.yaml"), policy);
        return GateFactory.create(PolicyReader.read(file), Clock.systemUTC())
                .verify(List.of(artifact.toString()), folder);
    }

    private static CheckResult signature(GateReport report) {
        return report.artifacts().get(0).checks().get(0);
    }
}
