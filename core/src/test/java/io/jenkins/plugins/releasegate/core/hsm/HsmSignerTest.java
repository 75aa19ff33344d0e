package io.jenkins.plugins.releasegate.core.hsm;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.bouncycastle.cms.CMSSignedData;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Signs through a real SoftHSM2 token and has openssl and the engine's own verifier judge the signatures. */
class HsmSignerTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "EC_P256, PKCS1_V1_5, SHA256withECDSA",
        "EC_P384, PKCS1_V1_5, SHA384withECDSA",
        "RSA_3072, PKCS1_V1_5, SHA256withRSA",
        "RSA_3072, PSS, SHA256withRSASSA-PSS"
    })
    void signatureVerifiesWithOpenSslAndTheEngine(KeyType type, RsaPadding padding, String algorithm) throws Exception {
        SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.RELEASE);
        String label = TokenFixtures.uniqueLabel("interop");
        HsmKeys.GeneratedKey key = TokenFixtures.keyWithCertificate(token, label, type);
        Path artifact = TokenFixtures.randomFile(dir, "app.jar", 300_000);
        Path certificate = TokenFixtures.writePem(
                dir.resolve("signer.pem"), key.certificate().orElseThrow());

        List<SigningOutcome> outcomes;
        try (HsmSigner signer = HsmSigner.open(
                SoftHsmToken.module(), Pkcs11Uri.parse(token.uri(label)), token.newPin(), List.of(), padding)) {
            assertThat(signer.algorithm()).isEqualTo(algorithm);
            outcomes = signer.signAll(List.of(artifact));
        }

        assertThat(outcomes)
                .singleElement()
                .satisfies(outcome -> assertThat(outcome.failure()).isEmpty());
        Path signature = dir.resolve("app.jar.p7s");
        assertThat(outcomes.get(0).signature()).contains(signature);
        ToolRun.Result openssl = TokenFixtures.opensslVerdict(artifact, signature, certificate);
        assertThat(openssl.exitStatus()).as(openssl.output()).isZero();
        assertThat(openssl.output()).contains("Verification successful");
        CheckResult verdict = TokenFixtures.engineVerdict(
                artifact, signature, key.certificate().orElseThrow());
        assertThat(verdict.code()).as(verdict.detail()).isEqualTo(Code.SIGNATURE_VALID);
        assertThat(new CMSSignedData(Files.readAllBytes(signature)).isDetachedSignature())
                .isTrue();
    }
}
