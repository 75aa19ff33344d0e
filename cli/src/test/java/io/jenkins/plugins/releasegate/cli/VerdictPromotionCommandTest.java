package io.jenkins.plugins.releasegate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.core.hsm.HsmKeys;
import io.jenkins.plugins.releasegate.core.hsm.KeyType;
import io.jenkins.plugins.releasegate.core.hsm.Pkcs11Module;
import io.jenkins.plugins.releasegate.core.hsm.Pkcs11Uri;
import io.jenkins.plugins.releasegate.core.hsm.SoftHsmToken;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signs verdicts through a SoftHSM2 key with {@code verify --attest}, then promotes with {@code --verdicts}. */
class VerdictPromotionCommandTest {

    private static final Path EXAMPLES =
            Path.of("..", "examples").toAbsolutePath().normalize();
    private static final String RELEASE = EXAMPLES.resolve("release").toString();

    @TempDir
    Path folder;

    private StringWriter out;
    private StringWriter err;

    @Test
    void verdictsSignedOnTheTokenPromoteTheArtifactWithoutItsEvidence() throws Exception {
        Path module = SoftHsmToken.module();
        SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.RELEASE);
        Path pinFile = Files.writeString(folder.resolve("pin"), token.pin() + "\n");
        String keyUri = token.uri("verdicts-" + UUID.randomUUID());
        X509Certificate certificate = HsmKeys.generate(
                        Pkcs11Module.open(module),
                        Pkcs11Uri.parse(keyUri),
                        KeyType.EC_P256,
                        token.newPin(),
                        HsmKeys.SelfSigned.of("Release Gate verdicts"))
                .certificate()
                .orElseThrow();
        Path policy = policyTrusting(certificate);
        Path verdicts = folder.resolve("verdicts");

        int gated = run(
                "verify",
                "--policy",
                policy.toString(),
                "--attest",
                verdicts.toString(),
                "--attest-key",
                keyUri,
                "--module",
                module.toString(),
                "--pin-file",
                pinFile.toString(),
                RELEASE);

        assertThat(gated).as(err.toString()).isEqualTo(1);
        assertThat(out.toString()).contains("2 signed verdicts written to " + verdicts);
        assertThat(out.toString() + err.toString()).doesNotContain(token.pin());
        Path promoted = Files.createDirectories(folder.resolve("promoted")).resolve("app-1.0.jar");
        Files.copy(EXAMPLES.resolve("release/app-1.0.jar"), promoted);

        assertThat(run("verify", "--policy", policy.toString(), promoted.toString()))
                .isEqualTo(1);
        int promotedStatus =
                run("verify", "--policy", policy.toString(), "--verdicts", verdicts.toString(), promoted.toString());

        assertThat(promotedStatus).as(out.toString()).isZero();
        assertThat(out.toString())
                .contains("but the signed verdict " + verdicts.resolve("app-1.0.jar.vsa.dsse.json"))
                .contains("is accepted for " + promoted);
    }

    @Test
    void tokenKeyWithoutPinIsABadUsage() {
        int status = run(
                "verify",
                "--attest",
                folder.toString(),
                "--attest-key",
                "pkcs11:token=release;object=verdicts",
                RELEASE);

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("needs the token's PIN: give --pin-env NAME or --pin-file FILE");
    }

    @Test
    void pinOptionsWithAKeyFileAreABadUsage() {
        int status = run(
                "verify",
                "--attest",
                folder.toString(),
                "--attest-key",
                folder.resolve("attest.key").toString(),
                "--pin-env",
                "RELEASE_PIN",
                RELEASE);

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("are for a pkcs11: --attest-key only");
    }

    private Path policyTrusting(X509Certificate certificate) throws Exception {
        Path pem = Files.writeString(
                folder.resolve("verdicts.pem"),
                "-----BEGIN CERTIFICATE-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(certificate.getEncoded())
                        + "\n-----END CERTIFICATE-----\n");
        return Files.writeString(
                folder.resolve("policy.yaml"),
                Files.readString(EXAMPLES.resolve("policy.yaml"))
                        .replace(
                                "certificates: [trust/example-ca.pem]",
                                "certificates: [" + EXAMPLES.resolve("trust/example-ca.pem") + ", " + pem + "]"));
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return ReleaseGateCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }
}
