package io.jenkins.plugins.releasegate.core.attest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.releasegate.core.engine.GateFactory;
import io.jenkins.plugins.releasegate.core.policy.PolicyReader;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttestationWriterTest {

    private static final Path EXAMPLES =
            Path.of("..", "examples").toAbsolutePath().normalize();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-06-01T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path folder;

    private KeyPair keys;
    private Path keyFile;
    private GateReport report;

    @BeforeEach
    void gateTheExampleAndMakeAKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        keys = generator.generateKeyPair();
        keyFile = pem(folder.resolve("attest.key"), keys.getPrivate());
        report = GateFactory.create(PolicyReader.read(EXAMPLES.resolve("policy.yaml")), CLOCK)
                .verify(List.of("examples/release"), EXAMPLES.getParent());
    }

    @Test
    void writesOneSignedVerdictPerArtifactNamingItsDigestPolicyAndEvidence() throws Exception {
        AttestationWriter.Written written = new AttestationWriter(KeyFileSigner.load(keyFile), "1.2.3")
                .write(report, EXAMPLES.getParent(), folder.resolve("verdicts"));

        assertThat(written.files())
                .containsExactly(
                        folder.resolve("verdicts/examples/release/app-1.0.jar.vsa.dsse.json"),
                        folder.resolve("verdicts/examples/release/report-tool-1.0.jar.vsa.dsse.json"));
        JsonNode envelope = new ObjectMapper().readTree(written.files().get(0).toFile());
        assertThat(envelope.get("payloadType").asText()).isEqualTo("application/vnd.in-toto+json");
        JsonNode statement = new ObjectMapper()
                .readTree(Base64.getDecoder().decode(envelope.get("payload").asText()));
        assertThat(statement.get("_type").asText()).isEqualTo("https://in-toto.io/Statement/v1");
        assertThat(statement.at("/subject/0/name").asText()).isEqualTo("app-1.0.jar");
        assertThat(statement.at("/subject/0/digest/sha256").asText())
                .isEqualTo(report.artifacts().get(0).sha256());
        assertThat(statement.get("predicateType").asText()).isEqualTo("https://slsa.dev/verification_summary/v1");
        JsonNode predicate = statement.get("predicate");
        assertThat(predicate.at("/verifier/version/release-gate").asText()).isEqualTo("1.2.3");
        assertThat(predicate.at("/policy/digest/sha256").asText()).isEqualTo(report.policySha256());
        assertThat(predicate.get("verificationResult").asText()).isEqualTo("PASSED");
        assertThat(predicate.get("inputAttestations")).hasSize(3);
        assertThat(predicate.at("/inputAttestations/0/uri").asText())
                .isEqualTo("file:examples/release/app-1.0.jar.p7s");
        assertThat(predicate.at("/inputAttestations/0/digest/sha256").asText()).hasSize(64);
        assertThat(predicate.at("/releaseGate/exceptions/0/id").asText()).isEqualTo("EX-1");
        assertThat(predicate.at("/releaseGate/exceptions/0/owner").asText()).isEqualTo("platform-security@example.com");
        assertThat(predicate.at("/releaseGate/exceptions/0/expires").asText()).isEqualTo("2099-12-31");

        JsonNode failed = new ObjectMapper()
                .readTree(Base64.getDecoder()
                        .decode(new ObjectMapper()
                                .readTree(written.files().get(1).toFile())
                                .get("payload")
                                .asText()));
        assertThat(failed.at("/predicate/verificationResult").asText()).isEqualTo("FAILED");
        assertThat(failed.at("/predicate/verifiedLevels/0").asText()).isEqualTo("FAILED");
    }

    @Test
    void theEnvelopeSignatureCoversThePreAuthenticationEncoding() throws Exception {
        Path file = new AttestationWriter(KeyFileSigner.load(keyFile), "1.2.3")
                .write(report, EXAMPLES.getParent(), folder)
                .files()
                .get(0);
        JsonNode envelope = new ObjectMapper().readTree(file.toFile());
        byte[] payload = Base64.getDecoder().decode(envelope.get("payload").asText());
        byte[] signature =
                Base64.getDecoder().decode(envelope.at("/signatures/0/sig").asText());

        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(keys.getPublic());
        verifier.update(Dsse.pae(Dsse.IN_TOTO_PAYLOAD_TYPE, payload));
        assertThat(verifier.verify(signature)).isTrue();
        assertThat(envelope.at("/signatures/0/keyid").asText()).isEqualTo(KeyFileSigner.keyId(keys.getPublic()));

        verifier.initVerify(keys.getPublic());
        verifier.update(Dsse.pae("application/json", payload));
        assertThat(verifier.verify(signature))
                .as("a signature bound to the payload type")
                .isFalse();
    }

    @Test
    void opensslVerifiesTheEnvelopeSignature() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        Path file = new AttestationWriter(KeyFileSigner.load(keyFile), "1.2.3")
                .write(report, EXAMPLES.getParent(), folder)
                .files()
                .get(0);
        JsonNode envelope = new ObjectMapper().readTree(file.toFile());
        byte[] payload = Base64.getDecoder().decode(envelope.get("payload").asText());
        Path pae = Files.write(folder.resolve("pae.bin"), Dsse.pae(Dsse.IN_TOTO_PAYLOAD_TYPE, payload));
        Path signature = Files.write(
                folder.resolve("sig.der"),
                Base64.getDecoder().decode(envelope.at("/signatures/0/sig").asText()));
        Path publicKey = pem(folder.resolve("attest.pub"), keys.getPublic());

        Process openssl = new ProcessBuilder(
                        "openssl",
                        "dgst",
                        "-sha256",
                        "-verify",
                        publicKey.toString(),
                        "-signature",
                        signature.toString(),
                        pae.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(openssl.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(openssl.getInputStream().readAllBytes());
        assertThat(openssl.exitValue()).as(output).isZero();
        assertThat(output).contains("Verified OK");
    }

    @Test
    void keepsVerdictsInsideTheOutputFolderWhateverTheArtifactPath() {
        assertThat(AttestationWriter.relativeName("dist/app.jar")).isEqualTo("dist/app.jar");
        assertThat(AttestationWriter.relativeName("/abs/dist/app.jar")).isEqualTo("app.jar");
        assertThat(AttestationWriter.relativeName("../up/app.jar")).isEqualTo("app.jar");
    }

    @Test
    void namesAKeyFileThatHoldsNoKey() throws IOException {
        Path notAKey = Files.writeString(folder.resolve("notes.pem"), "hello");

        assertThatThrownBy(() -> KeyFileSigner.load(notAKey))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("notes.pem");
    }

    private static Path pem(Path file, Object key) throws IOException {
        try (Writer writer = Files.newBufferedWriter(file);
                JcaPEMWriter pem = new JcaPEMWriter(writer)) {
            // Private keys as PKCS#8 ("PRIVATE KEY"), the form openssl genpkey writes.
            pem.writeObject(
                    key instanceof java.security.PrivateKey privateKey
                            ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(privateKey, null)
                            : key);
        }
        return file;
    }
}
