package io.jenkins.plugins.releasegate.core.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.jenkins.plugins.releasegate.core.policy.TrustSources;
import io.jenkins.plugins.releasegate.core.signature.OpenSslPki.Ca;
import io.jenkins.plugins.releasegate.core.signature.OpenSslPki.KeyKind;
import io.jenkins.plugins.releasegate.core.signature.OpenSslPki.Leaf;
import io.jenkins.plugins.releasegate.core.signature.OpenSslPki.Profile;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import javax.security.auth.x500.X500Principal;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signatures and certificates made by the real openssl command line, as release engineers make them. */
class OpenSslInteroperabilityTest {

    @TempDir
    static Path pkiFolder;

    private static OpenSslPki openssl;
    private static Ca root;
    private static Ca intermediate;
    private static Ca otherRoot;
    private static Leaf signer;
    private static Leaf rsaSigner;
    private static Leaf signerUnderIntermediate;
    private static Leaf noCodeSigningSigner;
    private static Leaf expiredSigner;
    private static Leaf otherSigner;

    @TempDir
    Path dir;

    private Path artifact;

    @BeforeAll
    static void makePkiWithOpenSsl() throws Exception {
        Optional<String> unavailable = OpenSslPki.unavailable();
        assumeTrue(unavailable.isEmpty(), () -> "Skipped: " + unavailable.orElseThrow());

        openssl = new OpenSslPki(pkiFolder);
        root = openssl.rootCa("/CN=OpenSSL Test Root CA/O=Release Gate Tests");
        intermediate = openssl.intermediateCa(root, "/CN=OpenSSL Test Intermediate CA/O=Release Gate Tests");
        otherRoot = openssl.rootCa("/CN=OpenSSL Unrelated Root CA/O=Elsewhere");
        signer = openssl.leaf(root, "/CN=OpenSSL Release Signer/O=Release Gate Tests", Profile.CODE_SIGNING);
        rsaSigner = openssl.leaf(
                root, "/CN=OpenSSL RSA Signer/O=Release Gate Tests", Profile.CODE_SIGNING, KeyKind.RSA_2048);
        signerUnderIntermediate =
                openssl.leaf(intermediate, "/CN=OpenSSL Chained Signer/O=Release Gate Tests", Profile.CODE_SIGNING);
        noCodeSigningSigner =
                openssl.leaf(root, "/CN=OpenSSL Plain Signer/O=Release Gate Tests", Profile.NO_CODE_SIGNING);
        expiredSigner = openssl.expiredLeaf(root, "/CN=OpenSSL Expired Signer/O=Release Gate Tests");
        otherSigner = openssl.leaf(otherRoot, "/CN=OpenSSL Unrelated Signer/O=Elsewhere", Profile.CODE_SIGNING);
    }

    @BeforeEach
    void writeArtifact() throws Exception {
        byte[] content = new byte[300_000];
        new Random(7).nextBytes(content);
        artifact = Files.write(dir.resolve("app.jar"), content);
    }

    @Test
    void acceptsDerSignatureFromCodeSigningLeaf() throws Exception {
        Path signature = openssl.cmsSign(artifact, signer, "DER", dir.resolve("app.jar.p7s"));

        CheckResult result = EngineRun.check(trustingRoot(), artifact, signature);

        assertThat(result.status()).as(result.detail()).isEqualTo(Status.PASS);
        assertThat(result.code()).isEqualTo(Code.SIGNATURE_VALID);
        assertThat(result.facts())
                .containsEntry("signer", subjectOf(signer))
                .containsEntry(
                        "certificateSha256",
                        CmsSignatureVerifierTest.sha256Hex(read(signer).getEncoded()))
                .containsEntry("digestAlgorithm", "SHA-256")
                .containsEntry("trustAnchor", "O=Release Gate Tests,CN=OpenSSL Test Root CA")
                .containsKey("signingTime");
    }

    @Test
    void acceptsRsaSignature() throws Exception {
        Path signature = openssl.cmsSign(artifact, rsaSigner, "DER", dir.resolve("app.jar.p7s"));

        assertThat(EngineRun.check(trustingRoot(), artifact, signature).code()).isEqualTo(Code.SIGNATURE_VALID);
    }

    @Test
    void acceptsCmsPemSignature() throws Exception {
        Path signature = openssl.cmsSign(artifact, signer, "PEM", dir.resolve("app.jar.p7s"));

        CheckResult result = EngineRun.check(trustingRoot(), artifact, signature);

        assertThat(Files.readString(signature, StandardCharsets.US_ASCII)).startsWith("-----BEGIN CMS-----");
        assertThat(result.code()).as(result.detail()).isEqualTo(Code.SIGNATURE_VALID);
    }

    @Test
    void acceptsPkcs7PemSignatureFromOpenSslSmime() throws Exception {
        Path signature = openssl.smimeSign(artifact, signer, "PEM", dir.resolve("app.jar.sig"));

        CheckResult result = EngineRun.check(trustingRoot(), artifact, signature);

        assertThat(Files.readString(signature, StandardCharsets.US_ASCII)).startsWith("-----BEGIN PKCS7-----");
        assertThat(result.code()).as(result.detail()).isEqualTo(Code.SIGNATURE_VALID);
    }

    @Test
    void acceptsChainThroughIntermediateGivenWithCertfile() throws Exception {
        Path signature = openssl.cmsSign(
                artifact,
                signerUnderIntermediate,
                "DER",
                dir.resolve("app.jar.p7s"),
                "-certfile",
                intermediate.certificate().toString());

        CheckResult result = EngineRun.check(trustingRoot(), artifact, signature);

        assertThat(result.code()).as(result.detail()).isEqualTo(Code.SIGNATURE_VALID);
        assertThat(result.facts()).containsEntry("trustAnchor", "O=Release Gate Tests,CN=OpenSSL Test Root CA");
    }

    @Test
    void rejectsChainWhenTheIntermediateWasLeftOut() throws Exception {
        Path signature = openssl.cmsSign(artifact, signerUnderIntermediate, "DER", dir.resolve("app.jar.p7s"));

        assertThat(EngineRun.check(trustingRoot(), artifact, signature).code()).isEqualTo(Code.SIGNATURE_UNTRUSTED);
    }

    @Test
    void acceptsPinnedSignerWhenTheSignatureCarriesNoCertificate() throws Exception {
        Path signature = openssl.cmsSign(artifact, signer, "DER", dir.resolve("app.jar.p7s"), "-nocerts");
        CmsSignatureVerifier pinningTheLeaf = CmsSignatureVerifierTest.verifier(
                CertificateTrust.load(sources(signer.certificate())), true, Clock.systemUTC());

        CheckResult result = EngineRun.check(pinningTheLeaf, artifact, signature);

        assertThat(result.code()).as(result.detail()).isEqualTo(Code.SIGNATURE_VALID);
        assertThat(result.facts()).containsEntry("trustAnchor", "pinned");
    }

    @Test
    void rejectsTamperedArtifact() throws Exception {
        Path signature = openssl.cmsSign(artifact, signer, "DER", dir.resolve("app.jar.p7s"));
        Files.write(artifact, new byte[] {0}, StandardOpenOption.APPEND);

        CheckResult result = EngineRun.check(trustingRoot(), artifact, signature);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_CONTENT_MISMATCH);
        assertThat(result.detail()).startsWith("app.jar.p7s was made for other content than app.jar: ");
    }

    @Test
    void rejectsSignerFromDifferentCa() throws Exception {
        Path signature = openssl.cmsSign(artifact, otherSigner, "DER", dir.resolve("app.jar.p7s"));

        CheckResult result = EngineRun.check(trustingRoot(), artifact, signature);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_UNTRUSTED);
        assertThat(result.detail()).contains("OpenSSL Unrelated Signer");
    }

    @Test
    void rejectsExpiredSigner() throws Exception {
        Path signature = openssl.cmsSign(artifact, expiredSigner, "DER", dir.resolve("app.jar.p7s"));

        CheckResult result = EngineRun.check(trustingRoot(), artifact, signature);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_CERTIFICATE_NOT_VALID);
        assertThat(result.detail()).contains("2021-01-01T00:00:00Z");
    }

    @Test
    void rejectsLeafWithoutCodeSigningUsage() throws Exception {
        Path signature = openssl.cmsSign(artifact, noCodeSigningSigner, "DER", dir.resolve("app.jar.p7s"));

        assertThat(EngineRun.check(trustingRoot(), artifact, signature).code())
                .isEqualTo(Code.SIGNATURE_NOT_CODE_SIGNING);
    }

    @Test
    void rejectsSignatureWithoutSignedAttributes() throws Exception {
        Path signature = openssl.cmsSign(artifact, signer, "DER", dir.resolve("app.jar.p7s"), "-noattr");

        assertThat(EngineRun.check(trustingRoot(), artifact, signature).code()).isEqualTo(Code.SIGNATURE_UNSUPPORTED);
    }

    @Test
    void rejectsSha1Signature() throws Exception {
        Path signature = openssl.cmsSign(artifact, signer, "DER", dir.resolve("app.jar.p7s"), "-md", "sha1");

        assertThat(EngineRun.check(trustingRoot(), artifact, signature).code())
                .isEqualTo(Code.SIGNATURE_WEAK_ALGORITHM);
    }

    @Test
    void failingOpenSslCommandShowsItsOutput() {
        assertThatThrownBy(() -> openssl.openssl(
                        List.of("x509", "-in", dir.resolve("absent.pem").toString())))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("openssl x509 -in ")
                .hasMessageContaining("failed with exit status")
                .hasMessageContaining("absent.pem");
    }

    private static CmsSignatureVerifier trustingRoot() throws Exception {
        return CmsSignatureVerifierTest.verifier(
                CertificateTrust.load(sources(root.certificate())), true, Clock.systemUTC());
    }

    private static TrustSources sources(Path certificate) {
        return TrustSources.ofFiles(List.of(certificate), List.of(), List.of());
    }

    private static X509Certificate read(Leaf leaf) throws Exception {
        try (InputStream in = Files.newInputStream(leaf.certificate())) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static String subjectOf(Leaf leaf) throws Exception {
        return read(leaf).getSubjectX500Principal().getName(X500Principal.RFC2253);
    }
}
