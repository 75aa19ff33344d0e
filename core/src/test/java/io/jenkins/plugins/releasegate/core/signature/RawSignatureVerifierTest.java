package io.jenkins.plugins.releasegate.core.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import io.jenkins.plugins.releasegate.core.policy.InvalidPolicyException;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Raw signatures made by the real {@code openssl}, exactly as {@code cosign sign-blob --key} writes them. */
class RawSignatureVerifierTest {

    @TempDir
    static Path keys;

    private static OpenSslKeyPair ec256;
    private static OpenSslKeyPair ec384;
    private static OpenSslKeyPair rsa;
    private static OpenSslKeyPair other;

    @TempDir
    Path dir;

    private Path artifact;
    private Path signatureFile;

    @BeforeAll
    static void makeKeys() throws IOException {
        assumeThat(OpenSslPki.unavailable()).as("openssl is needed").isEmpty();
        ec256 = OpenSslKeyPair.generate(keys, "ec256", "EC", "ec_paramgen_curve:P-256");
        ec384 = OpenSslKeyPair.generate(keys, "ec384", "EC", "ec_paramgen_curve:P-384");
        rsa = OpenSslKeyPair.generate(keys, "rsa", "RSA", "rsa_keygen_bits:2048");
        other = OpenSslKeyPair.generate(keys, "other", "EC", "ec_paramgen_curve:P-256");
    }

    @BeforeEach
    void writeArtifact() throws IOException {
        byte[] content = new byte[300_000];
        new Random(7).nextBytes(content);
        artifact = Files.write(dir.resolve("app.jar"), content);
        signatureFile = dir.resolve("app.jar.sig");
    }

    @Test
    void acceptsEcdsaSignatureOverSha256AsCosignMakesIt() throws Exception {
        ec256.sign(artifact, "-sha256", signatureFile);

        CheckResult result = check(PublicKeySet.load(List.of(ec256.publicKey())));

        assertThat(result.status()).isEqualTo(Status.PASS);
        assertThat(result.code()).isEqualTo(Code.SIGNATURE_VALID);
        assertThat(result.check()).isEqualTo(Check.SIGNATURE);
        assertThat(result.evidence()).isEqualTo("app.jar.sig");
        assertThat(result.detail())
                .isEqualTo(
                        "app.jar.sig is a valid raw signature of app.jar by the public key ec256.pub (ECDSA P-256).");
        assertThat(result.facts())
                .containsEntry("publicKeySha256", ec256.spkiSha256())
                .containsEntry("publicKeyFile", "ec256.pub")
                .containsEntry("algorithm", "ECDSA P-256 with SHA-256");
    }

    @Test
    void acceptsRsaPkcs1Signature() throws Exception {
        rsa.sign(artifact, "-sha256", signatureFile);

        CheckResult result = check(PublicKeySet.load(List.of(rsa.publicKey())));

        assertThat(result.status()).isEqualTo(Status.PASS);
        assertThat(result.facts()).containsEntry("algorithm", "RSA 2048 with SHA-256");
    }

    @Test
    void acceptsP384SignatureOverSha384AsSigstoreSignsWithThatCurve() throws Exception {
        ec384.sign(artifact, "-sha384", signatureFile);

        CheckResult result = check(PublicKeySet.load(List.of(ec384.publicKey())));

        assertThat(result.status()).isEqualTo(Status.PASS);
        assertThat(result.facts()).containsEntry("algorithm", "ECDSA P-384 with SHA-384");
    }

    @Test
    void acceptsP384SignatureOverSha256AsOpensslMakesIt() throws Exception {
        ec384.sign(artifact, "-sha256", signatureFile);

        CheckResult result = check(PublicKeySet.load(List.of(ec384.publicKey())));

        assertThat(result.status()).isEqualTo(Status.PASS);
        assertThat(result.facts()).containsEntry("algorithm", "ECDSA P-384 with SHA-256");
    }

    @Test
    void asksForTheDigestsTheTrustedKeysSignWith() throws Exception {
        ec256.sign(artifact, "-sha256", signatureFile);

        RawSignatureVerifier verifier = new RawSignatureVerifier(
                PublicKeySet.load(List.of(ec256.publicKey(), ec384.publicKey(), rsa.publicKey())));

        assertThat(EngineRun.read(verifier, artifact, signatureFile).digestsNeeded())
                .containsExactlyInAnyOrder(DigestAlgorithm.SHA_256, DigestAlgorithm.SHA_384);
    }

    @Test
    void passesWhenOneOfSeveralTrustedKeysVerifies() throws Exception {
        rsa.sign(artifact, "-sha256", signatureFile);

        CheckResult result = check(PublicKeySet.load(List.of(other.publicKey(), ec384.publicKey(), rsa.publicKey())));

        assertThat(result.status()).isEqualTo(Status.PASS);
        assertThat(result.facts()).containsEntry("publicKeyFile", "rsa.pub");
    }

    @Test
    void rejectsSignatureOfArtifactChangedAfterSigning() throws Exception {
        ec256.sign(artifact, "-sha256", signatureFile);
        byte[] content = Files.readAllBytes(artifact);
        content[1000] ^= 0x01;
        Files.write(artifact, content);

        CheckResult result = check(PublicKeySet.load(List.of(ec256.publicKey())));

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.code()).isEqualTo(Code.SIGNATURE_INVALID);
        assertThat(result.detail())
                .isEqualTo("app.jar.sig is no signature of app.jar by any of the 1 public keys in"
                        + " signature.trust.publicKeys: either app.jar changed after it was signed, or another key"
                        + " signed it, so the signature check fails.");
    }

    @Test
    void rejectsSignatureByKeyOutsideTheTrustedSet() throws Exception {
        other.sign(artifact, "-sha256", signatureFile);

        CheckResult result = check(PublicKeySet.load(List.of(ec256.publicKey(), rsa.publicKey())));

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.code()).isEqualTo(Code.SIGNATURE_INVALID);
    }

    @Test
    void rejectsSignatureOverSha1() throws Exception {
        ec256.sign(artifact, "-sha1", signatureFile);

        CheckResult result = check(PublicKeySet.load(List.of(ec256.publicKey())));

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_INVALID);
    }

    @Test
    void failsWhenThePolicyTrustsNoPublicKey() throws Exception {
        ec256.sign(artifact, "-sha256", signatureFile);

        CheckResult result = check(PublicKeySet.load(List.of()));

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_NO_TRUST_ANCHORS);
        assertThat(result.detail())
                .isEqualTo("app.jar.sig is a raw signature, but the policy trusts no public key"
                        + " (signature.trust.publicKeys is empty), so the signature check fails.");
    }

    @Test
    void rejectsTextThatIsNotBase64() throws Exception {
        Files.writeString(signatureFile, "MEUCIQ*not base64*");

        CheckResult result = check(PublicKeySet.load(List.of(ec256.publicKey())));

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_MALFORMED);
        assertThat(result.detail()).startsWith("app.jar.sig is not a usable raw signature: it is not valid base64");
    }

    @Test
    void rejectsEmptySignatureFile() throws Exception {
        Files.writeString(signatureFile, " \n");

        CheckResult result = check(PublicKeySet.load(List.of(ec256.publicKey())));

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_MALFORMED);
        assertThat(result.detail()).contains("it is empty");
    }

    @Test
    void rejectsBase64ThatIsNoSignatureAtAll() throws Exception {
        Files.writeString(signatureFile, "aGVsbG8gd29ybGQ=");

        CheckResult result = check(PublicKeySet.load(List.of(ec256.publicKey(), rsa.publicKey())));

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_INVALID);
    }

    @Test
    void refusesSignatureFileLargerThanTheCap() throws Exception {
        Files.write(signatureFile, new byte[(1 << 20) + 1]);

        CheckResult result = check(PublicKeySet.load(List.of(ec256.publicKey())));

        assertThat(result.code()).isEqualTo(Code.EVIDENCE_TOO_LARGE);
    }

    @Test
    void verifiesFromManyThreadsWithOneInstance() throws Exception {
        ec256.sign(artifact, "-sha256", signatureFile);
        RawSignatureVerifier verifier = new RawSignatureVerifier(PublicKeySet.load(List.of(ec256.publicKey())));
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<CheckResult>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                results.add(threads.submit(() -> EngineRun.check(verifier, artifact, signatureFile)));
            }
            for (Future<CheckResult> result : results) {
                assertThat(result.get().status()).isEqualTo(Status.PASS);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void refusesAPrivateKeyAsTrustAnchor() {
        assertThatThrownBy(() -> PublicKeySet.load(List.of(ec256.privateKey())))
                .isInstanceOf(InvalidPolicyException.class)
                .satisfies(e -> assertThat(((InvalidPolicyException) e).problems())
                        .singleElement()
                        .satisfies(problem -> {
                            assertThat(problem.key()).isEqualTo("signature.trust.publicKeys");
                            assertThat(problem.message())
                                    .startsWith(ec256.privateKey() + " holds a PRIVATE KEY, which must never be"
                                            + " shared with the gate");
                        }));
    }

    @Test
    void refusesRsaKeyBelow2048Bits() throws Exception {
        OpenSslKeyPair weak = OpenSslKeyPair.generate(keys, "rsa1024", "RSA", "rsa_keygen_bits:1024");

        assertThatThrownBy(() -> PublicKeySet.load(List.of(weak.publicKey())))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining(weak.publicKey() + " holds an RSA key of 1024 bits, below the 2048 required");
    }

    @Test
    void refusesEd25519KeyWhoseSignaturesCoverTheWholeFile() throws Exception {
        Path ed = keys.resolve("ed25519.pub");
        OpenSslPki.run(keys, List.of("openssl", "genpkey", "-algorithm", "ED25519", "-out", "ed25519.key"));
        OpenSslPki.run(keys, List.of("openssl", "pkey", "-in", "ed25519.key", "-pubout", "-out", "ed25519.pub"));

        assertThatThrownBy(() -> PublicKeySet.load(List.of(ed)))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining(
                        ed + " holds an EdDSA key, whose signatures cover the whole file rather than its" + " digest");
    }

    @Test
    void refusesEcKeyWhosePointIsNotOnTheCurve() throws Exception {
        String pem = Files.readString(ec256.publicKey());
        String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        byte[] der = Base64.getDecoder().decode(body);
        der[der.length - 1] ^= 0x01;
        Path offCurve = Files.writeString(
                keys.resolve("off-curve.pub"),
                "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(der)
                        + "\n-----END PUBLIC KEY-----\n");

        assertThatThrownBy(() -> PublicKeySet.load(List.of(offCurve)))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining(offCurve + " holds an EC key that is not a valid point on P-256");
    }

    @Test
    void refusesCertificateFileWithHintWhereItBelongs() throws Exception {
        Path certificate = keys.resolve("cert.pem");
        OpenSslPki.run(
                keys,
                List.of(
                        "openssl",
                        "req",
                        "-x509",
                        "-key",
                        "ec256.key",
                        "-subj",
                        "/CN=x",
                        "-days",
                        "1",
                        "-out",
                        "cert.pem"));

        assertThatThrownBy(() -> PublicKeySet.load(List.of(certificate)))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("holds a CERTIFICATE block, which belongs under signature.trust.certificates");
    }

    @Test
    void namesEveryBadFileAtOnce() throws Exception {
        Path missing = keys.resolve("missing.pub");
        Path empty = Files.writeString(keys.resolve("empty.pub"), "nothing here\n");

        assertThatThrownBy(() -> PublicKeySet.load(List.of(missing, ec256.publicKey(), empty)))
                .isInstanceOf(InvalidPolicyException.class)
                .satisfies(e -> assertThat(((InvalidPolicyException) e).problems())
                        .extracting(problem -> problem.message())
                        .containsExactly(
                                missing + " does not exist, so no signature can be trusted through it.",
                                empty + " holds no PEM PUBLIC KEY block, so no signature can be trusted through"
                                        + " it."));
    }

    @Test
    void keepsOneCopyOfAKeyNamedTwice() throws Exception {
        Path copy = Files.copy(ec256.publicKey(), keys.resolve("copy-of-ec256.pub"));

        PublicKeySet set = PublicKeySet.load(List.of(ec256.publicKey(), copy));

        assertThat(set.keys())
                .singleElement()
                .satisfies(key -> assertThat(key.source()).isEqualTo("ec256.pub"));
    }

    private CheckResult check(PublicKeySet set) throws IOException {
        return EngineRun.check(new RawSignatureVerifier(set), artifact, signatureFile);
    }
}
