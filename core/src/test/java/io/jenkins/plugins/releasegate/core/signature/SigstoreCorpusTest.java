package io.jenkins.plugins.releasegate.core.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.releasegate.core.policy.InvalidPolicyException;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real cosign and Sigstore outputs from the shared corpus: the sigstore-conformance bundle-verify cases, and cosign
 * ECDSA signatures from grype's test data, checked with the verifiers as the gate runs them.
 */
class SigstoreCorpusTest {

    /** The conformance cases that are signed with a managed key and expected to verify. */
    private static final Set<String> MANAGED_KEY_PASSES =
            Set.of("managed-key-happy-path", "managed-key-and-trusted-root");

    @TempDir
    Path dir;

    private Path corpus;

    @BeforeEach
    void findCorpus() {
        corpus = corpus();
        Assumptions.assumeTrue(corpus != null, SKIPPED);
    }

    @Test
    void verifiesManagedKeyBundlesOfTheConformanceSuiteOffline() throws Exception {
        Path cases = corpus.resolve("intoto/sigstore-conformance/bundle-verify");
        for (String name : MANAGED_KEY_PASSES) {
            Path caseFolder = cases.resolve(name);
            SigstoreBundleVerifier verifier =
                    new SigstoreBundleVerifier(PublicKeySet.load(List.of(caseFolder.resolve("key.pub"))));

            CheckResult result =
                    EngineRun.check(verifier, cases.resolve("a.txt"), caseFolder.resolve("bundle.sigstore.json"));

            assertThat(result.status()).as(name).isEqualTo(Status.PASS);
            assertThat(result.facts())
                    .containsEntry("tlog", "not checked (offline)")
                    .containsEntry("publicKeyHint", "TLMsSDfG3ajPsWge+z/vX5T/zluXnmvbkTkwLIV68Tk=")
                    .containsEntry(
                            "publicKeySha256", "4cb32c4837c6dda8cfb1681efb3fef5f94ffce5b979e6bdb9139302c857af139");
        }
    }

    @Test
    void failsManagedKeyBundleWhenThePolicyTrustsNoKey() throws Exception {
        Path cases = corpus.resolve("intoto/sigstore-conformance/bundle-verify");

        CheckResult result = EngineRun.check(
                new SigstoreBundleVerifier(PublicKeySet.load(List.of())),
                cases.resolve("a.txt"),
                cases.resolve("managed-key-no-key_fail/bundle.sigstore.json"));

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_NO_TRUST_ANCHORS);
    }

    @Test
    void failsManagedKeyBundleAgainstAnotherCosignKey() throws Exception {
        Path cases = corpus.resolve("intoto/sigstore-conformance/bundle-verify");
        Path otherKey = corpus.resolve("intoto/grype-cosign/cosign.pub");

        CheckResult result = EngineRun.check(
                new SigstoreBundleVerifier(PublicKeySet.load(List.of(otherKey))),
                cases.resolve("a.txt"),
                cases.resolve("managed-key-no-key_fail/bundle.sigstore.json"));

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_UNTRUSTED);
    }

    @Test
    void refusesTheConformanceSuitesBrokenKeyAsPolicyError() {
        Path brokenKey = corpus.resolve("intoto/sigstore-conformance/bundle-verify/managed-key-wrong-key_fail/key.pub");

        assertThatThrownBy(() -> PublicKeySet.load(List.of(brokenKey)))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining(brokenKey.toString());
    }

    @Test
    void refusesGrypesCorruptedCosignKey() {
        Path brokenKey = corpus.resolve("intoto/grype-cosign/cosign_broken.pub");

        assertThatThrownBy(() -> PublicKeySet.load(List.of(brokenKey)))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining(brokenKey.toString());
    }

    /**
     * Every other conformance case is keyless or DSSE, which the gate does not verify offline, or broken: each must
     * fail, and with the reason the gate gives for it, never by accident of a trusted key.
     */
    @TestFactory
    Stream<DynamicTest> failsEveryConformanceBundleThatIsNotSignedWithAManagedKey() throws Exception {
        Path cases = corpus.resolve("intoto/sigstore-conformance/bundle-verify");
        PublicKeySet managedKey = PublicKeySet.load(List.of(cases.resolve("managed-key-happy-path/key.pub")));
        try (Stream<Path> folders = Files.list(cases)) {
            return folders
                    .filter(Files::isDirectory)
                    .filter(folder -> !folder.getFileName().toString().startsWith("managed-key-"))
                    .sorted()
                    .map(folder -> dynamicTest(folder.getFileName().toString(), () -> {
                        Path artifact = Files.exists(folder.resolve("artifact"))
                                ? folder.resolve("artifact")
                                : cases.resolve("a.txt");

                        CheckResult result = EngineRun.check(
                                new SigstoreBundleVerifier(managedKey),
                                artifact,
                                folder.resolve("bundle.sigstore.json"));

                        assertThat(result.status()).isEqualTo(Status.FAIL);
                        assertThat(result.code()).isIn(Code.SIGNATURE_UNSUPPORTED, Code.SIGNATURE_MALFORMED);
                        assertThat(result.detail()).startsWith("bundle.sigstore.json ");
                    }))
                    .toList()
                    .stream();
        }
    }

    @Test
    void refusesCosignsOciAttestationBundleAsDsse() throws Exception {
        Path bundle = corpus.resolve("intoto/cosign/oci-attestation.sigstore.json");
        Path key = corpus.resolve("intoto/grype-cosign/cosign.pub");
        Path artifact = Files.writeString(dir.resolve("image.tar"), "anything");

        CheckResult result =
                EngineRun.check(new SigstoreBundleVerifier(PublicKeySet.load(List.of(key))), artifact, bundle);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_UNSUPPORTED);
        assertThat(result.detail()).contains("holds a DSSE envelope");
    }

    @Test
    void verifiesRealCosignSignatureAsRawSignatureOverTheSignedBytes() throws Exception {
        // cosign attest signs the DSSE pre-authentication encoding with ECDSA over its SHA-256, as sign-blob signs
        // a file: written out, those bytes and that signature are a raw signature made by the real cosign.
        Path key = corpus.resolve("intoto/grype-cosign/cosign.pub");
        RawSignatureVerifier verifier = new RawSignatureVerifier(PublicKeySet.load(List.of(key)));

        Path signed = writeSignedBytes("alpine.att.json");
        Path tampered = writeSignedBytes("alpine-tampered.att.json");

        assertThat(EngineRun.check(verifier, signed, signed.resolveSibling(signed.getFileName() + ".sig"))
                        .status())
                .isEqualTo(Status.PASS);
        assertThat(EngineRun.check(verifier, tampered, tampered.resolveSibling(tampered.getFileName() + ".sig"))
                        .code())
                .isEqualTo(Code.SIGNATURE_INVALID);
    }

    @Test
    void rejectsRealCosignSignatureUnderAnotherKey() throws Exception {
        Path anotherKey = corpus.resolve("intoto/grype-cosign/another_cosign.pub");
        Path signed = writeSignedBytes("alpine.cdx.att.json");

        CheckResult result = EngineRun.check(
                new RawSignatureVerifier(PublicKeySet.load(List.of(anotherKey))),
                signed,
                signed.resolveSibling(signed.getFileName() + ".sig"));

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_INVALID);
    }

    @Test
    void verifiesTheSignatureOfAManagedKeyBundleAsCosignSignBlobOutput() throws Exception {
        Path cases = corpus.resolve("intoto/sigstore-conformance/bundle-verify");
        JsonNode bundle = new ObjectMapper()
                .readTree(cases.resolve("managed-key-happy-path/bundle.sigstore.json")
                        .toFile());
        Path artifact = Files.copy(cases.resolve("a.txt"), dir.resolve("a.txt"));
        Path signature = Files.writeString(
                dir.resolve("a.txt.sig"),
                bundle.path("messageSignature").path("signature").asText());

        CheckResult result = EngineRun.check(
                new RawSignatureVerifier(PublicKeySet.load(List.of(cases.resolve("managed-key-happy-path/key.pub")))),
                artifact,
                signature);

        assertThat(result.status()).isEqualTo(Status.PASS);
    }

    /** Writes the DSSE pre-authentication encoding of an envelope and its signature in base64 beside it. */
    private Path writeSignedBytes(String envelopeName) throws IOException {
        JsonNode envelope = new ObjectMapper()
                .readTree(corpus.resolve("intoto/grype-cosign")
                        .resolve(envelopeName)
                        .toFile());
        byte[] payload = Base64.getDecoder().decode(envelope.path("payload").asText());
        byte[] type = envelope.path("payloadType").asText().getBytes(StandardCharsets.UTF_8);
        String header =
                "DSSEv1 " + type.length + " " + new String(type, StandardCharsets.UTF_8) + " " + payload.length + " ";
        byte[] header8 = header.getBytes(StandardCharsets.UTF_8);
        byte[] signed = new byte[header8.length + payload.length];
        System.arraycopy(header8, 0, signed, 0, header8.length);
        System.arraycopy(payload, 0, signed, header8.length, payload.length);

        Path file = Files.write(dir.resolve(envelopeName + ".pae"), signed);
        Files.writeString(
                dir.resolve(envelopeName + ".pae.sig"),
                envelope.path("signatures").get(0).path("sig").asText());
        return file;
    }

    private static final String SKIPPED =
            "The shared corpus is not there (system property releasegate.corpus), so the Sigstore corpus tests are"
                    + " skipped.";

    private static Path corpus() {
        String location = System.getProperty("releasegate.corpus");
        Path folder = location == null ? null : Path.of(location);
        return folder != null && Files.isDirectory(folder.resolve("intoto")) ? folder : null;
    }
}
