package io.jenkins.plugins.releasegate.core.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.releasegate.core.attest.AttestationWriter;
import io.jenkins.plugins.releasegate.core.attest.Dsse;
import io.jenkins.plugins.releasegate.core.attest.KeyFileSigner;
import io.jenkins.plugins.releasegate.core.attest.PromotionVerdicts;
import io.jenkins.plugins.releasegate.core.engine.GateFactory;
import io.jenkins.plugins.releasegate.core.policy.Policy;
import io.jenkins.plugins.releasegate.core.policy.PolicyReader;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import io.jenkins.plugins.releasegate.core.verdict.Verdict;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Signs verdicts through a real SoftHSM2 token; openssl and the promotion rule judge the DSSE signatures. */
class HsmPayloadSignerTest {

    private static final Path EXAMPLES =
            Path.of("..", "examples").toAbsolutePath().normalize();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-06-01T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "EC_P256, PKCS1_V1_5, -sha256",
        "EC_P384, PKCS1_V1_5, -sha384",
        "RSA_3072, PKCS1_V1_5, -sha256",
        "RSA_3072, PSS, -sha256"
    })
    void verdictSignedOnTheTokenVerifiesWithOpenSslAndIsAcceptedForPromotion(
            KeyType type, RsaPadding padding, String digest) throws Exception {
        SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.RELEASE);
        String label = TokenFixtures.uniqueLabel("verdict");
        X509Certificate certificate = TokenFixtures.keyWithCertificate(token, label, type)
                .certificate()
                .orElseThrow();
        Policy policy = PolicyReader.read(EXAMPLES.resolve("policy.yaml"));
        GateReport report = GateFactory.create(policy, CLOCK).verify(List.of("examples/release"), EXAMPLES.getParent());

        List<Path> files;
        try (HsmSigner signer = HsmSigner.open(
                SoftHsmToken.module(), Pkcs11Uri.parse(token.uri(label)), token.newPin(), List.of(), padding)) {
            HsmPayloadSigner payloadSigner = new HsmPayloadSigner(signer);
            assertThat(payloadSigner.keyId()).isEqualTo(KeyFileSigner.keyId(certificate.getPublicKey()));
            files = new AttestationWriter(payloadSigner, "1.2.3")
                    .write(report, EXAMPLES.getParent(), dir.resolve("verdicts"))
                    .files();
        }

        JsonNode envelope = new ObjectMapper().readTree(files.get(0).toFile());
        assertThat(envelope.at("/signatures/0/keyid").asText())
                .isEqualTo(KeyFileSigner.keyId(certificate.getPublicKey()));
        byte[] payload = Base64.getDecoder().decode(envelope.get("payload").asText());
        Path pae = Files.write(dir.resolve("pae.bin"), Dsse.pae(Dsse.IN_TOTO_PAYLOAD_TYPE, payload));
        Path signature = Files.write(
                dir.resolve("sig.bin"),
                Base64.getDecoder().decode(envelope.at("/signatures/0/sig").asText()));
        Path publicKey = Files.writeString(
                dir.resolve("verdict.pub"),
                "-----BEGIN PUBLIC KEY-----\n"
                        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                                .encodeToString(certificate.getPublicKey().getEncoded())
                        + "\n-----END PUBLIC KEY-----\n");
        List<String> command = new ArrayList<>(List.of("openssl", "dgst", digest, "-verify", publicKey.toString()));
        if (padding == RsaPadding.PSS) {
            command.addAll(List.of("-sigopt", "rsa_padding_mode:pss", "-sigopt", "rsa_pss_saltlen:32"));
        }
        command.addAll(List.of("-signature", signature.toString(), pae.toString()));
        ToolRun.Result openssl = ToolRun.attempt(dir, command);
        assertThat(openssl.exitStatus()).as(openssl.output()).isZero();
        assertThat(openssl.output()).contains("Verified OK");

        GateReport accepted = new PromotionVerdicts(dir.resolve("verdicts"), List.of(certificate.getPublicKey()), CLOCK)
                .apply(GateFactory.create(policy, CLOCK).verify(List.of("examples/release/app-1.0.jar"), promoted()));
        assertThat(accepted.verdict()).as(String.join("\n", accepted.notes())).isEqualTo(Verdict.PASS);
    }

    @Test
    void closedSignerRefusesToSignAndSaysWhy() throws Exception {
        SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.RELEASE);
        String label = TokenFixtures.uniqueLabel("verdict-closed");
        TokenFixtures.keyWithCertificate(token, label, KeyType.EC_P256);
        HsmSigner signer =
                HsmSigner.open(SoftHsmToken.module(), Pkcs11Uri.parse(token.uri(label)), token.newPin(), List.of());
        HsmPayloadSigner payloadSigner = new HsmPayloadSigner(signer);
        signer.close();

        assertThatThrownBy(() -> payloadSigner.sign(new byte[] {1}))
                .isInstanceOf(GeneralSecurityException.class)
                .hasMessageContaining("was already closed, so nothing was signed");
    }

    /** The example app alone, without its evidence, where a promotion would put it. */
    private Path promoted() throws Exception {
        Path copy = dir.resolve("promoted/examples/release/app-1.0.jar");
        Files.createDirectories(copy.getParent());
        Files.copy(EXAMPLES.resolve("release/app-1.0.jar"), copy);
        return dir.resolve("promoted");
    }
}
