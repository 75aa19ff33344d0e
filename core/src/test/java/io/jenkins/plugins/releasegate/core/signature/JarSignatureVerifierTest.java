package io.jenkins.plugins.releasegate.core.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactHasher;
import io.jenkins.plugins.releasegate.core.evidence.PendingCheck;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JARs signed by the JDK's real jarsigner, with keytool keys and with certificates from an openssl CA. */
class JarSignatureVerifierTest {

    @TempDir
    static Path shared;

    private static JarSigning signing;
    private static OpenSslPki.Ca ca;
    private static OpenSslPki.Ca otherCa;
    private static JarSigning.KeyStore caIssued;
    private static JarSigning.KeyStore noEku;
    private static JarSigning.KeyStore expired;
    private static JarSigning.KeyStore selfSigned;
    private static Path selfSignedPem;

    @TempDir
    Path dir;

    private Path unsignedJar;

    @BeforeAll
    static void makeSigners() throws IOException {
        assumeThat(OpenSslPki.unavailable()).as("openssl is needed").isEmpty();
        OpenSslPki pki = new OpenSslPki(shared);
        ca = pki.rootCa("/O=Release Gate Tests/CN=Release Gate Jar CA");
        otherCa = pki.rootCa("/O=Elsewhere/CN=Some Other CA");
        signing = new JarSigning(shared);
        caIssued = signing.fromLeaf(
                "release",
                pki.leaf(ca, "/O=Release Gate Tests/CN=Jar Release Signer", OpenSslPki.Profile.CODE_SIGNING),
                ca.certificate());
        noEku = signing.fromLeaf(
                "noeku",
                pki.leaf(ca, "/O=Release Gate Tests/CN=Jar Signer Without EKU", OpenSslPki.Profile.NO_CODE_SIGNING),
                ca.certificate());
        expired = signing.fromLeaf(
                "expired", pki.expiredLeaf(ca, "/O=Release Gate Tests/CN=Expired Jar Signer"), ca.certificate());
        selfSignedPem = shared.resolve("self.pem");
        selfSigned = signing.selfSigned("self", "CN=Self Signed Jar Signer,O=Release Gate Tests", selfSignedPem);
    }

    @BeforeEach
    void writeJar() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        Random random = new Random(5);
        entries.put("com/", new byte[0]);
        entries.put("com/example/", new byte[0]);
        for (String name : List.of("com/example/App.class", "com/example/Util.class", "config.properties")) {
            byte[] content = new byte[20_000];
            random.nextBytes(content);
            entries.put(name, content);
        }
        entries.put("META-INF/LICENSE", "Apache-2.0\n".getBytes(StandardCharsets.UTF_8));
        unsignedJar = JarSigning.writeJar(dir.resolve("app.jar"), entries);
    }

    @Test
    void acceptsJarSignedWithCaIssuedCodeSigningCertificate() throws Exception {
        Path jar = signing.sign(unsignedJar, caIssued);

        CheckResult result = check(jar, trust(ca.certificate()), true);

        assertThat(result.check()).isEqualTo(Check.SIGNATURE);
        assertThat(result.status()).as(result.detail()).isEqualTo(Status.PASS);
        assertThat(result.code()).isEqualTo(Code.SIGNATURE_VALID);
        assertThat(result.evidence()).isEqualTo("app.jar");
        assertThat(result.detail())
                .isEqualTo("app.jar is a validly signed JAR: all 4 entries are signed by O=Release Gate Tests,CN=Jar"
                        + " Release Signer trusted through CN=Release Gate Jar CA,O=Release Gate Tests.");
        assertThat(result.facts())
                .containsEntry("signer", "O=Release Gate Tests,CN=Jar Release Signer")
                .containsEntry("trustAnchor", "CN=Release Gate Jar CA,O=Release Gate Tests")
                .containsEntry("signedEntries", "4")
                .containsKey("certificateSha256");
    }

    @Test
    void acceptsJarSignedWithPinnedSelfSignedKeytoolKey() throws Exception {
        Path jar = signing.sign(unsignedJar, selfSigned);

        CheckResult result = check(jar, trust(selfSignedPem), true);

        assertThat(result.status()).as(result.detail()).isEqualTo(Status.PASS);
        assertThat(result.facts()).containsEntry("trustAnchor", "pinned");
        assertThat(result.detail()).endsWith("a pinned signer certificate.");
    }

    @Test
    void rejectsJarWithEntryChangedAfterSigning() throws Exception {
        Path signed = signing.sign(unsignedJar, caIssued);
        Path tampered = JarSigning.rewrite(
                signed,
                dir.resolve("tampered.jar"),
                Map.of("com/example/Util.class", content -> flipByte(content, 100)),
                Map.of());

        CheckResult result = check(tampered, trust(ca.certificate()), true);

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.code()).isEqualTo(Code.SIGNATURE_CONTENT_MISMATCH);
        assertThat(result.detail())
                .startsWith("tampered.jar was changed after it was signed (")
                .contains("com/example/Util.class");
    }

    @Test
    void rejectsJarWithEntryAddedAfterSigning() throws Exception {
        Path signed = signing.sign(unsignedJar, caIssued);
        Path extended = JarSigning.rewrite(
                signed, dir.resolve("extended.jar"), Map.of(), Map.of("com/example/Backdoor.class", new byte[] {1, 2, 3
                }));

        CheckResult result = check(extended, trust(ca.certificate()), true);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_CONTENT_MISMATCH);
        assertThat(result.detail())
                .isEqualTo("extended.jar contains 1 entries that its signature does not cover, first"
                        + " com/example/Backdoor.class (added after signing, or never signed), so the signature check"
                        + " fails.");
    }

    @Test
    void rejectsJarWithEntryRemovedAfterSigning() throws Exception {
        Path signed = signing.sign(unsignedJar, caIssued);
        Map<String, UnaryOperator<byte[]>> drop = Map.of("config.properties", content -> null);
        Path shrunk = JarSigning.rewrite(signed, dir.resolve("shrunk.jar"), drop, Map.of());

        CheckResult result = check(shrunk, trust(ca.certificate()), true);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_CONTENT_MISMATCH);
        assertThat(result.detail())
                .isEqualTo("shrunk.jar lacks 1 entries that its signed manifest lists, first config.properties (removed"
                        + " after signing), so the signature check fails.");
    }

    @Test
    void rejectsJarSignedByUntrustedSigner() throws Exception {
        Path jar = signing.sign(unsignedJar, caIssued);

        CheckResult result = check(jar, trust(otherCa.certificate()), true);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_UNTRUSTED);
        assertThat(result.detail())
                .startsWith("app.jar is signed by O=Release Gate Tests,CN=Jar Release Signer, but its issuer CN=Release"
                        + " Gate Jar CA,O=Release Gate Tests leads to no CA in signature.trust.certificates");
    }

    @Test
    void rejectsSignerWithoutCodeSigningUsageWhenThePolicyRequiresIt() throws Exception {
        Path jar = signing.sign(unsignedJar, noEku);

        CheckResult required = check(jar, trust(ca.certificate()), true);
        CheckResult notRequired = check(jar, trust(ca.certificate()), false);

        assertThat(required.code()).isEqualTo(Code.SIGNATURE_NOT_CODE_SIGNING);
        assertThat(required.detail())
                .isEqualTo("app.jar is signed by O=Release Gate Tests,CN=Jar Signer Without EKU, whose certificate"
                        + " does not allow code signing (it has no extended key usage), which the policy requires"
                        + " (signature.codeSigning), so the signature check fails.");
        assertThat(notRequired.status()).isEqualTo(Status.PASS);
    }

    @Test
    void rejectsSignerWhoseCertificateHasExpired() throws Exception {
        Path jar = signing.sign(unsignedJar, expired);

        CheckResult result = check(jar, trust(ca.certificate()), true);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_CERTIFICATE_NOT_VALID);
        assertThat(result.detail()).contains("valid from 2020-01-01T00:00:00Z to 2021-01-01T00:00:00Z");
    }

    @Test
    void rejectsEntriesSignedByDifferentSigners() throws Exception {
        Path signedOnce = signing.sign(unsignedJar, selfSigned);
        Path extended = JarSigning.rewrite(
                signedOnce, dir.resolve("resigned.jar"), Map.of(), Map.of("late.txt", new byte[] {42}));
        Path signedTwice = signing.sign(extended, caIssued);

        CheckResult result = check(signedTwice, trust(ca.certificate(), selfSignedPem), true);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_INVALID);
        assertThat(result.detail())
                .startsWith("resigned.jar is not signed as a whole: ")
                .contains("the gate requires the same signers on every entry");
    }

    @Test
    void acceptsJarSignedTwiceByTwoTrustedSignersOverEveryEntry() throws Exception {
        Path jar = signing.sign(signing.sign(unsignedJar, selfSigned), caIssued);

        CheckResult result = check(jar, trust(ca.certificate(), selfSignedPem), true);

        assertThat(result.status()).as(result.detail()).isEqualTo(Status.PASS);
        assertThat(result.facts()).containsEntry("signers", "2");
    }

    @Test
    void rejectsJarWhoseSecondSignerIsUntrusted() throws Exception {
        Path jar = signing.sign(signing.sign(unsignedJar, selfSigned), caIssued);

        CheckResult result = check(jar, trust(ca.certificate()), true);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_UNTRUSTED);
        assertThat(result.detail()).startsWith("app.jar is signed by CN=Self Signed Jar Signer");
    }

    @Test
    void failsWhenThePolicyTrustsNoCertificate() throws Exception {
        Path jar = signing.sign(unsignedJar, caIssued);

        CheckResult result = check(jar, CertificateTrust.of(List.of()), true);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_NO_TRUST_ANCHORS);
    }

    @Test
    void rejectsUnsignedJarHandedToIt() throws Exception {
        CheckResult result = check(unsignedJar, trust(ca.certificate()), true);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_INVALID);
        assertThat(result.detail()).contains("none of its entries verifies as signed");
    }

    @Test
    void rejectsFileThatIsNoZip() throws Exception {
        Path notJar = Files.writeString(dir.resolve("notes.jar"), "not a zip");

        CheckResult result = check(notJar, trust(ca.certificate()), true);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_MALFORMED);
        assertThat(result.detail()).startsWith("notes.jar is not a readable JAR (");
    }

    @Test
    void failsWhenTheJarChangesBetweenVerificationAndTheGatesRead() throws Exception {
        Path jar = signing.sign(unsignedJar, caIssued);
        JarSignatureVerifier verifier = new JarSignatureVerifier(trust(ca.certificate()), true, Clock.systemUTC());
        PendingCheck pending = EngineRun.read(verifier, jar, jar);
        Files.write(jar, new byte[] {1}, StandardOpenOption.APPEND);

        CheckResult result = pending.complete(ArtifactHasher.digest(jar, pending.digestsNeeded()));

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_CONTENT_MISMATCH);
        assertThat(result.detail()).startsWith("app.jar changed while it was being checked");
    }

    @Test
    void recognisesSignedJarsCheaply() throws Exception {
        Path notJar = Files.writeString(dir.resolve("notes.txt"), "not a zip");

        assertThat(JarSignatureVerifier.isSignedJar(unsignedJar)).isFalse();
        assertThat(JarSignatureVerifier.isSignedJar(notJar)).isFalse();
        assertThat(JarSignatureVerifier.isSignedJar(signing.sign(unsignedJar, caIssued)))
                .isTrue();
    }

    @Test
    void countsOnlyTheSignatureFilesAsSignatureRelated() {
        assertThat(JarSignatureVerifier.isSignatureRelated("META-INF/MANIFEST.MF"))
                .isTrue();
        assertThat(JarSignatureVerifier.isSignatureRelated("META-INF/RELEASE.SF"))
                .isTrue();
        assertThat(JarSignatureVerifier.isSignatureRelated("meta-inf/release.ec"))
                .isTrue();
        assertThat(JarSignatureVerifier.isSignatureRelated("META-INF/SIG-ABC.XY1"))
                .isTrue();
        assertThat(JarSignatureVerifier.isSignatureRelated("META-INF/LICENSE")).isFalse();
        assertThat(JarSignatureVerifier.isSignatureRelated("META-INF/sub/RELEASE.SF"))
                .isFalse();
        assertThat(JarSignatureVerifier.isSignatureRelated("com/RELEASE.SF")).isFalse();
    }

    private static CheckResult check(Path jar, CertificateTrust trust, boolean codeSigning) throws IOException {
        return EngineRun.check(new JarSignatureVerifier(trust, codeSigning, Clock.systemUTC()), jar, jar);
    }

    private static CertificateTrust trust(Path... pems) throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> certificates = new ArrayList<>();
        for (Path pem : pems) {
            try (var in = Files.newInputStream(pem)) {
                certificates.add((X509Certificate) factory.generateCertificate(in));
            }
        }
        return CertificateTrust.of(certificates);
    }

    private static byte[] flipByte(byte[] content, int index) {
        byte[] changed = content.clone();
        changed[index] ^= 0x01;
        return changed;
    }
}
