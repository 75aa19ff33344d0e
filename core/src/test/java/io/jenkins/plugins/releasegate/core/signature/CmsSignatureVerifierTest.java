package io.jenkins.plugins.releasegate.core.signature;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactHasher;
import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceLimits;
import io.jenkins.plugins.releasegate.core.evidence.PendingCheck;
import io.jenkins.plugins.releasegate.core.policy.SignatureFormat;
import io.jenkins.plugins.releasegate.core.policy.SignaturePolicy;
import io.jenkins.plugins.releasegate.core.policy.Signers;
import io.jenkins.plugins.releasegate.core.policy.TrustSources;
import io.jenkins.plugins.releasegate.core.signature.TestPki.Identity;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAbsentContent;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CmsSignatureVerifierTest {

    private static final TestPki PKI = TestPki.shared();

    @TempDir
    Path dir;

    private Path artifact;
    private Path signatureFile;

    @BeforeEach
    void writeArtifact() throws IOException {
        byte[] content = new byte[200_000];
        new Random(42).nextBytes(content);
        artifact = Files.write(dir.resolve("app.jar"), content);
        signatureFile = dir.resolve("app.jar.p7s");
    }

    @Test
    void acceptsRsaSignatureThatChainsThroughIntermediate() throws Exception {
        CheckResult result = check(signedWithChain(PKI.codeSigner()));

        assertThat(result.check()).isEqualTo(Check.SIGNATURE);
        assertThat(result.status()).isEqualTo(Status.PASS);
        assertThat(result.code()).isEqualTo(Code.SIGNATURE_VALID);
        assertThat(result.evidence()).isEqualTo("app.jar.p7s");
        assertThat(result.detail())
                .isEqualTo("app.jar.p7s is a valid CMS signature of app.jar by "
                        + PKI.codeSigner().subject() + " trusted through "
                        + PKI.root().subject() + ".");
        assertThat(result.facts())
                .containsEntry("signer", "CN=Release Signer,O=Release Gate Tests")
                .containsEntry(
                        "certificateSha256",
                        sha256Hex(PKI.codeSigner().certificate().getEncoded()))
                .containsEntry("digestAlgorithm", "SHA-256")
                .containsEntry("trustAnchor", "CN=Release Gate Test Root CA,O=Release Gate Tests");
        assertThat(Instant.parse(result.facts().get("signingTime")))
                .isAfter(PKI.now().minusSeconds(1));
    }

    @Test
    void acceptsEcP256Signature() throws Exception {
        CheckResult result = check(signedWithChain(PKI.ecSigner()));

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_VALID);
        assertThat(result.facts()).containsEntry("signer", PKI.ecSigner().subject());
    }

    @ParameterizedTest
    @ValueSource(strings = {"PKCS7", "CMS"})
    void acceptsPemSignatureWithSurroundingWhitespace(String label) throws Exception {
        String pem = overArtifact()
                .signedBy(PKI.codeSigner())
                .carryingSignersAnd(PKI.intermediate())
                .pem(label);

        CheckResult result =
                check(("\n  \r\n" + pem.replace("\n", "\r\n") + "\n\n ").getBytes(StandardCharsets.US_ASCII));

        assertThat(result.code()).as(result.detail()).isEqualTo(Code.SIGNATURE_VALID);
    }

    @Test
    void acceptsPinnedSignerWithoutAnyCa() throws Exception {
        CheckResult result = check(
                verifier(trusting(PKI.selfSignedSigner()), true, Clock.systemUTC()),
                overArtifact()
                        .signedBy(PKI.selfSignedSigner())
                        .carrying(PKI.selfSignedSigner())
                        .der());

        assertThat(result.code()).as(result.detail()).isEqualTo(Code.SIGNATURE_VALID);
        assertThat(result.facts()).containsEntry("trustAnchor", "pinned");
        assertThat(result.detail()).endsWith("a pinned signer certificate.");
    }

    @Test
    void acceptsPinnedSignerWhoseCertificateTheSignatureLeavesOut() throws Exception {
        CheckResult result = check(
                verifier(trusting(PKI.codeSigner()), true, Clock.systemUTC()),
                overArtifact().signedBy(PKI.codeSigner()).der());

        assertThat(result.code()).as(result.detail()).isEqualTo(Code.SIGNATURE_VALID);
        assertThat(result.facts()).containsEntry("trustAnchor", "pinned");
    }

    @Test
    void asksTheGateForTheDigestTheSignerUsed() throws Exception {
        Files.write(
                signatureFile,
                overArtifact()
                        .signedBy(PKI.codeSigner(), "SHA512")
                        .carryingSignersAnd(PKI.intermediate())
                        .der());

        PendingCheck pending = EngineRun.read(verifier(), artifact, signatureFile);
        CheckResult result = pending.complete(ArtifactHasher.digest(artifact, pending.digestsNeeded()));

        assertThat(pending.digestsNeeded()).containsExactly(DigestAlgorithm.SHA_512);
        assertThat(result.code()).isEqualTo(Code.SIGNATURE_VALID);
        assertThat(result.facts()).containsEntry("digestAlgorithm", "SHA-512");
    }

    @Test
    void acceptsRsaPssSignature() throws Exception {
        CheckResult result = check(overArtifact()
                .signedWith(PKI.codeSigner(), "SHA256withRSAandMGF1")
                .carryingSignersAnd(PKI.intermediate())
                .der());

        assertThat(result.code()).as(result.detail()).isEqualTo(Code.SIGNATURE_VALID);
    }

    @Test
    void acceptsSignatureThatEmbedsTheArtifactItself() throws Exception {
        CheckResult result = check(overArtifact()
                .signedBy(PKI.codeSigner())
                .carryingSignersAnd(PKI.intermediate())
                .embeddingContent()
                .der());

        assertThat(result.code()).as(result.detail()).isEqualTo(Code.SIGNATURE_VALID);
    }

    @Test
    void acceptsSignatureMadeWhileTheNowExpiredCertificateWasValid() throws Exception {
        Instant signedAt = PKI.now().minus(Duration.ofDays(100));

        CheckResult result = check(overArtifact()
                .signedAt(PKI.expiredSigner(), signedAt)
                .carryingSignersAnd(PKI.intermediate())
                .der());

        assertThat(result.code()).as(result.detail()).isEqualTo(Code.SIGNATURE_VALID);
        assertThat(result.facts()).containsEntry("signingTime", signedAt.toString());
    }

    @Test
    void acceptsSignatureWithoutSigningTime() throws Exception {
        CheckResult result = check(overArtifact()
                .signedWithoutSigningTime(PKI.codeSigner())
                .carryingSignersAnd(PKI.intermediate())
                .der());

        assertThat(result.code()).as(result.detail()).isEqualTo(Code.SIGNATURE_VALID);
        assertThat(result.facts()).doesNotContainKey("signingTime");
    }

    @Test
    void acceptsSigningTimeWithinFiveMinutesAheadOfTheClock() throws Exception {
        Instant signedAt = PKI.now().plus(Duration.ofHours(1));
        Clock fourMinutesBehind = Clock.fixed(signedAt.minus(Duration.ofMinutes(4)), ZoneOffset.UTC);

        CheckResult result = check(
                verifier(trusting(PKI.root()), true, fourMinutesBehind),
                overArtifact()
                        .signedAt(PKI.codeSigner(), signedAt)
                        .carryingSignersAnd(PKI.intermediate())
                        .der());

        assertThat(result.code()).as(result.detail()).isEqualTo(Code.SIGNATURE_VALID);
    }

    @Test
    void acceptsLeafWithoutCodeSigningUsageWhenPolicyDoesNotRequireIt() throws Exception {
        CheckResult result =
                check(verifier(trusting(PKI.root()), false, Clock.systemUTC()), signedWithChain(PKI.noEkuSigner()));

        assertThat(result.code()).as(result.detail()).isEqualTo(Code.SIGNATURE_VALID);
    }

    @Test
    void acceptsSeveralSignersWhenEveryOnePasses() throws Exception {
        CheckResult result = check(overArtifact()
                .signedBy(PKI.codeSigner())
                .signedBy(PKI.ecSigner(), "SHA384")
                .carrying(PKI.codeSigner(), PKI.ecSigner(), PKI.intermediate())
                .der());

        assertThat(result.code()).as(result.detail()).isEqualTo(Code.SIGNATURE_VALID);
        assertThat(result.facts()).containsEntry("signers", "2");
        assertThat(result.detail()).contains("by 2 signers");
    }

    @Test
    void rejectsFileThatIsNotCms() throws Exception {
        CheckResult result = check("just some text\n".getBytes(StandardCharsets.US_ASCII));

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.code()).isEqualTo(Code.SIGNATURE_MALFORMED);
        assertThat(result.detail())
                .startsWith("app.jar.p7s is not a usable CMS signature: ")
                .endsWith(", so the signature check fails.");
    }

    @Test
    void rejectsEmptyFile() throws Exception {
        CheckResult result = check(new byte[0]);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_MALFORMED);
        assertThat(result.detail()).contains("it is empty");
    }

    @Test
    void rejectsBytesAfterTheSignature() throws Exception {
        byte[] der = signedWithChain(PKI.codeSigner());
        byte[] withTail = java.util.Arrays.copyOf(der, der.length + 4);

        assertThat(check(withTail).code()).isEqualTo(Code.SIGNATURE_MALFORMED);
    }

    @Test
    void rejectsPemBlockOfAnotherKind() throws Exception {
        TestPki.writePem(signatureFile, List.of(PKI.codeSigner().certificate()));

        CheckResult result = EngineRun.check(verifier(), artifact, signatureFile);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_MALFORMED);
        assertThat(result.detail()).contains("a PEM CERTIFICATE block");
    }

    @Test
    void rejectsPemWithTextAroundTheBlock() throws Exception {
        String pem = overArtifact()
                .signedBy(PKI.codeSigner())
                .carryingSignersAnd(PKI.intermediate())
                .pem("CMS");

        CheckResult result = check(("Signed by the release team\n" + pem).getBytes(StandardCharsets.US_ASCII));

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_MALFORMED);
    }

    @Test
    void rejectsCmsMessageThatIsNotSignedData() throws Exception {
        byte[] plainData = new ContentInfo(CMSObjectIdentifiers.data, new DEROctetString(new byte[] {1, 2, 3}))
                .getEncoded(ASN1Encoding.DER);

        CheckResult result = check(plainData);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_MALFORMED);
        assertThat(result.detail()).contains("not signed-data");
    }

    @Test
    void rejectsDeeplyNestedAsn1WithoutThrowing() throws Exception {
        byte[] nested = new byte[(int) EvidenceLimits.SIGNATURE_MAX_BYTES];
        for (int i = 0; i < nested.length; i += 2) {
            nested[i] = 0x30;
            nested[i + 1] = (byte) 0x80;
        }

        assertThat(check(nested).code()).isEqualTo(Code.SIGNATURE_MALFORMED);
    }

    @Test
    void refusesFileLargerThanTheSignatureCap() throws Exception {
        CheckResult result = check(new byte[(int) EvidenceLimits.SIGNATURE_MAX_BYTES + 1]);

        assertThat(result.code()).isEqualTo(Code.EVIDENCE_TOO_LARGE);
    }

    @Test
    void reportsMissingFileAsUnreadable() throws Exception {
        CheckResult result = EngineRun.check(verifier(), artifact, dir.resolve("gone.p7s"));

        assertThat(result.code()).isEqualTo(Code.EVIDENCE_UNREADABLE);
        assertThat(result.detail()).startsWith("gone.p7s could not be read");
    }

    @Test
    void rejectsSignedDataWithoutSigners() throws Exception {
        CMSSignedDataGenerator certificatesOnly = new CMSSignedDataGenerator();
        certificatesOnly.addCertificates(
                new JcaCertStore(List.of(PKI.codeSigner().certificate())));

        CheckResult result =
                check(certificatesOnly.generate(new CMSAbsentContent()).getEncoded(ASN1Encoding.DER));

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_MALFORMED);
        assertThat(result.detail())
                .isEqualTo("app.jar.p7s holds no signer, so it signs nothing and the signature check" + " fails.");
    }

    @Test
    void rejectsSignatureWithoutSignedAttributes() throws Exception {
        CheckResult result = check(overArtifact()
                .signedWithoutAttributes(PKI.codeSigner())
                .carryingSignersAnd(PKI.intermediate())
                .der());

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_UNSUPPORTED);
        assertThat(result.detail()).contains("without signed attributes", "-noattr", "are not accepted");
    }

    @Test
    void rejectsSha1Digest() throws Exception {
        CheckResult result = check(overArtifact()
                .signedBy(PKI.codeSigner(), "SHA1")
                .carryingSignersAnd(PKI.intermediate())
                .der());

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_WEAK_ALGORITHM);
        assertThat(result.detail()).contains("the digest algorithm SHA-1");
    }

    @Test
    void rejectsMd5Digest() throws Exception {
        CheckResult result = check(overArtifact()
                .signedBy(PKI.codeSigner(), "MD5")
                .carryingSignersAnd(PKI.intermediate())
                .der());

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_WEAK_ALGORITHM);
        assertThat(result.detail()).contains("MD5");
    }

    @Test
    void rejectsDigestTheGateDoesNotCompute() throws Exception {
        CheckResult result = check(overArtifact()
                .signedBy(PKI.codeSigner(), "SHA224")
                .carryingSignersAnd(PKI.intermediate())
                .der());

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_UNSUPPORTED);
        assertThat(result.detail()).contains("SHA224", "2.16.840.1.101.3.4.2.4", "does not support");
    }

    @Test
    void rejectsSignedContentOtherThanPlainData() throws Exception {
        CheckResult result = check(overArtifact()
                .signedBy(PKI.codeSigner())
                .carryingSignersAnd(PKI.intermediate())
                .ofContentType(CMSObjectIdentifiers.envelopedData)
                .der());

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_UNSUPPORTED);
        assertThat(result.detail()).contains("rather than plain data");
    }

    @Test
    void rejectsSignatureCarryingTwoCertificatesForItsSigner() throws Exception {
        BigInteger sharedSerial = BigInteger.valueOf(777_777);
        Identity twin = PKI.leaf("CN=Twin").serial(sharedSerial).ec().make();
        Identity impostor =
                PKI.leaf("CN=Twin Impostor").serial(sharedSerial).ec().make();

        CheckResult result = check(overArtifact()
                .signedBy(twin)
                .carrying(twin, impostor, PKI.intermediate())
                .der());

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_MALFORMED);
        assertThat(result.detail()).contains("2 different certificates that match its signer");
    }

    @Test
    void rejectsRsaKeyBelow2048Bits() throws Exception {
        CheckResult result = check(signedWithChain(PKI.weakRsaSigner()));

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_WEAK_ALGORITHM);
        assertThat(result.detail()).contains("an RSA key of 1024 bits, below the 2048 required");
        assertThat(result.facts()).containsEntry("signer", PKI.weakRsaSigner().subject());
    }

    @Test
    void rejectsChainCertificateSignedWithSha1() throws Exception {
        Identity sha1Intermediate = PKI.identity("CN=SHA-1 Intermediate")
                .issuedBy(PKI.root())
                .ca()
                .issuerDigest("SHA1")
                .make();
        Identity signer = PKI.leaf("CN=Signer Under SHA-1")
                .issuedBy(sha1Intermediate)
                .ec()
                .make();

        CheckResult result = check(overArtifact()
                .signedBy(signer)
                .carrying(signer, sha1Intermediate)
                .der());

        assertThat(result.code()).as(result.detail()).isEqualTo(Code.SIGNATURE_WEAK_ALGORITHM);
        assertThat(result.detail()).contains("CN=SHA-1 Intermediate", "SHA1withRSA");
    }

    @Test
    void rejectsSignatureMadeForOtherContent() throws Exception {
        byte[] signature = signedWithChain(PKI.codeSigner());
        String signedSha256 = sha256Hex(Files.readAllBytes(artifact));
        Files.write(artifact, "tampered".getBytes(StandardCharsets.US_ASCII), java.nio.file.StandardOpenOption.APPEND);
        String tamperedSha256 = sha256Hex(Files.readAllBytes(artifact));

        CheckResult result = check(signature);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_CONTENT_MISMATCH);
        assertThat(result.detail())
                .startsWith("app.jar.p7s was made for other content than app.jar: ")
                .contains(signedSha256.substring(0, 16), tamperedSha256.substring(0, 16));
    }

    @Test
    void rejectsEmbeddedContentThatIsNotTheArtifact() throws Exception {
        byte[] signature = CmsSignatureMaker.over("other content".getBytes(StandardCharsets.US_ASCII))
                .signedBy(PKI.codeSigner())
                .carryingSignersAnd(PKI.intermediate())
                .embeddingContent()
                .der();

        CheckResult result = check(signature);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_CONTENT_MISMATCH);
        assertThat(result.detail()).contains("embeds other content than app.jar");
    }

    @Test
    void rejectsCorruptedSignatureValue() throws Exception {
        byte[] signature = CmsSignatureMaker.withCorruptedSignatureValue(signedWithChain(PKI.codeSigner()));

        CheckResult result = check(signature);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_INVALID);
        assertThat(result.detail()).contains("does not verify with the public key of its signer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ec", "rsa"})
    void checksEverySignatureInFullAfterTheSameSignerPassed(String key) throws Exception {
        // One verifier keeps each signer's certificate and verifier; what it kept must never let a bad value pass.
        Identity signer = key.equals("ec") ? PKI.ecSigner() : PKI.codeSigner();
        CmsSignatureVerifier verifier = verifier();
        byte[] good = signedWithChain(signer);

        CheckResult first = check(verifier, good);
        CheckResult corrupted = check(verifier, CmsSignatureMaker.withCorruptedSignatureValue(signedWithChain(signer)));
        CheckResult again = check(verifier, good);

        assertThat(first.code()).isEqualTo(Code.SIGNATURE_VALID);
        assertThat(corrupted.code()).isEqualTo(Code.SIGNATURE_INVALID);
        assertThat(again.code()).isEqualTo(Code.SIGNATURE_VALID);
        assertThat(again.facts()).isEqualTo(first.facts());
    }

    @Test
    void rejectsSignatureThatLeavesOutAnUnpinnedSignerCertificate() throws Exception {
        CheckResult result = check(overArtifact().signedBy(PKI.codeSigner()).der());

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_UNTRUSTED);
        assertThat(result.detail()).contains("does not carry the certificate of its signer");
    }

    @Test
    void rejectsEverySignatureWhenThePolicyTrustsNoCertificate() throws Exception {
        CheckResult result = check(
                verifier(CertificateTrust.of(List.of()), true, Clock.systemUTC()), signedWithChain(PKI.codeSigner()));

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_NO_TRUST_ANCHORS);
        assertThat(result.detail()).contains("signature.trust.certificates");
    }

    @Test
    void rejectsSignerUnderAnUntrustedCa() throws Exception {
        CheckResult result = check(overArtifact()
                .signedBy(PKI.otherRootSigner())
                .carrying(PKI.otherRootSigner(), PKI.otherRoot())
                .der());

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_UNTRUSTED);
        assertThat(result.detail()).contains("CN=Unrelated Signer,O=Elsewhere", "signature.trust.certificates");
        assertThat(result.facts())
                .containsEntry("signer", PKI.otherRootSigner().subject())
                .containsKey("certificateSha256")
                .doesNotContainKey("trustAnchor");
    }

    @Test
    void rejectsChainWhoseIntermediateIsMissing() throws Exception {
        CheckResult result = check(overArtifact()
                .signedBy(PKI.codeSigner())
                .carrying(PKI.codeSigner())
                .der());

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_UNTRUSTED);
    }

    @Test
    void doesNotTrustTheIntermediateAsAnAnchor() throws Exception {
        CheckResult result = check(overArtifact()
                .signedBy(PKI.otherRootSigner())
                .carrying(PKI.otherRootSigner(), PKI.intermediate(), PKI.root())
                .der());

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_UNTRUSTED);
    }

    @Test
    void rejectsSignerWhoseCertificateHadExpiredAtTheSigningTime() throws Exception {
        CheckResult result = check(signedWithChain(PKI.expiredSigner()));

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_CERTIFICATE_NOT_VALID);
        assertThat(result.detail())
                .contains("the certificate CN=Expired Signer", "is valid from", "(the signing time)");
    }

    @Test
    void checksValidityAtTheClockWhenTheSignatureStatesNoSigningTime() throws Exception {
        Clock twoYearsLater = Clock.fixed(PKI.now().plus(Duration.ofDays(730)), ZoneOffset.UTC);

        CheckResult result = check(
                verifier(trusting(PKI.root()), true, twoYearsLater),
                overArtifact()
                        .signedWithoutSigningTime(PKI.codeSigner())
                        .carryingSignersAnd(PKI.intermediate())
                        .der());

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_CERTIFICATE_NOT_VALID);
        assertThat(result.detail()).contains("the gate's clock");
    }

    @Test
    void rejectsSigningTimeMoreThanFiveMinutesAhead() throws Exception {
        Instant signedAt = PKI.now().plus(Duration.ofHours(1));
        Clock sixMinutesBehind = Clock.fixed(signedAt.minus(Duration.ofMinutes(6)), ZoneOffset.UTC);

        CheckResult result = check(
                verifier(trusting(PKI.root()), true, sixMinutesBehind),
                overArtifact()
                        .signedAt(PKI.codeSigner(), signedAt)
                        .carryingSignersAnd(PKI.intermediate())
                        .der());

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_TIME_INVALID);
        assertThat(result.detail()).contains(signedAt.toString());
    }

    @Test
    void rejectsLeafWithoutCodeSigningUsage() throws Exception {
        CheckResult result = check(signedWithChain(PKI.noEkuSigner()));

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_NOT_CODE_SIGNING);
        assertThat(result.detail()).contains("does not allow code signing (it has no extended key usage)");
        assertThat(result.facts()).containsEntry("trustAnchor", PKI.root().subject());
    }

    @Test
    void rejectsKeyUsageWithoutDigitalSignatureEvenWhenCodeSigningIsNotRequired() throws Exception {
        CheckResult result = check(
                verifier(trusting(PKI.root()), false, Clock.systemUTC()),
                signedWithChain(PKI.noDigitalSignatureSigner()));

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_NOT_CODE_SIGNING);
        assertThat(result.detail()).contains("key usage lacks digitalSignature");
    }

    @Test
    void rejectsWhenAnyOfSeveralSignersFails() throws Exception {
        CheckResult result = check(overArtifact()
                .signedBy(PKI.codeSigner())
                .signedBy(PKI.otherRootSigner())
                .carrying(PKI.codeSigner(), PKI.intermediate(), PKI.otherRootSigner())
                .der());

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_UNTRUSTED);
        assertThat(result.facts()).containsEntry("signer", PKI.otherRootSigner().subject());
    }

    @Test
    void rejectsACaCertificateUsedAsTheSigner() throws Exception {
        Identity caSigner = PKI.leaf("CN=Signing CA,O=Release Gate Tests")
                .ca()
                .keyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign)
                .extendedKeyUsage(KeyPurposeId.id_kp_codeSigning)
                .make();

        CheckResult result = check(overArtifact()
                .signedBy(caSigner)
                .carryingSignersAnd(PKI.intermediate())
                .der());

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_NOT_CODE_SIGNING);
        assertThat(result.detail())
                .contains("CN=Signing CA", "is a CA certificate (basicConstraints CA:true)", "app.jar.p7s");
    }

    @Test
    void endsAChainLoopOfTwoCrossSigningCasAsUntrusted() throws Exception {
        Identity first = PKI.identity("CN=Loop CA One").ca().make();
        Identity second = PKI.identity("CN=Loop CA Two").ca().issuedBy(first).make();
        Identity firstBySecond = PKI.identity("CN=Loop CA One")
                .ca()
                .keyOf(first)
                .issuedBy(second)
                .make();
        Identity signer = PKI.identity("CN=Looped Signer")
                .issuedBy(firstBySecond)
                .keyUsage(KeyUsage.digitalSignature)
                .extendedKeyUsage(KeyPurposeId.id_kp_codeSigning)
                .make();

        CheckResult result = check(overArtifact()
                .signedBy(signer)
                .carrying(signer, firstBySecond, second)
                .der());

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.code()).isEqualTo(Code.SIGNATURE_UNTRUSTED);
        assertThat(result.detail()).contains("CN=Looped Signer");
    }

    @Test
    void rejectsSeveralSignersWhenOneIsUntrustedWhicheverComesFirst() throws Exception {
        CheckResult result = check(overArtifact()
                .signedBy(PKI.otherRootSigner())
                .signedBy(PKI.codeSigner())
                .carrying(PKI.otherRootSigner(), PKI.codeSigner(), PKI.intermediate())
                .der());

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_UNTRUSTED);
        assertThat(result.facts()).containsEntry("signer", PKI.otherRootSigner().subject());
    }

    @Test
    void acceptsOneTrustedSignerBesideUntrustedOnesWhenThePolicyAcceptsAny() throws Exception {
        CheckResult result = check(
                acceptingAnyTrustedSigner(),
                overArtifact()
                        .signedBy(PKI.otherRootSigner())
                        .signedBy(PKI.codeSigner())
                        .carrying(PKI.otherRootSigner(), PKI.codeSigner(), PKI.intermediate())
                        .der());

        assertThat(result.code()).as(result.detail()).isEqualTo(Code.SIGNATURE_VALID);
        assertThat(result.facts())
                .containsEntry("signer", PKI.codeSigner().subject())
                .containsEntry("signers", "2")
                .containsEntry("untrustedSigners", PKI.otherRootSigner().subject());
        assertThat(result.detail())
                .contains("by 2 signers, among them " + PKI.codeSigner().subject())
                .endsWith("the policy accepts any one trusted signer, and the other signer "
                        + PKI.otherRootSigner().subject() + " is not trusted.");
    }

    @Test
    void namesASignerWithoutACertificateAsUntrustedWhenThePolicyAcceptsAny() throws Exception {
        CheckResult result = check(
                acceptingAnyTrustedSigner(),
                overArtifact()
                        .signedBy(PKI.codeSigner())
                        .signedBy(PKI.otherRootSigner())
                        .carrying(PKI.codeSigner(), PKI.intermediate())
                        .der());

        assertThat(result.code()).as(result.detail()).isEqualTo(Code.SIGNATURE_VALID);
        assertThat(result.facts().get("untrustedSigners")).startsWith("issuer ");
    }

    @Test
    void stillFailsWhenNoSignerIsTrustedAndThePolicyAcceptsAny() throws Exception {
        Identity stranger = PKI.identity("CN=Another Stranger").make();

        CheckResult result = check(
                acceptingAnyTrustedSigner(),
                overArtifact()
                        .signedBy(PKI.otherRootSigner())
                        .signedBy(stranger)
                        .carrying(PKI.otherRootSigner(), stranger)
                        .der());

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_UNTRUSTED);
        // Signer infos are a DER set, so their order is the encoding's, not the order they were added in.
        assertThat(result.detail())
                .startsWith("app.jar.p7s has 2 signers and none of them is trusted (")
                .contains(PKI.otherRootSigner().subject(), "; ", stranger.subject())
                .endsWith("), so the signature check fails, although the policy accepts any one trusted signer.");
    }

    @Test
    void stillVerifiesTheSignatureOfAnUntrustedSignerWhenThePolicyAcceptsAny() throws Exception {
        byte[] signature = overArtifact()
                .signedBy(PKI.codeSigner())
                .signedBy(PKI.otherRootSigner())
                .carrying(PKI.codeSigner(), PKI.intermediate(), PKI.otherRootSigner())
                .der();

        CheckResult result = check(
                acceptingAnyTrustedSigner(),
                CmsSignatureMaker.withCorruptedSignatureValue(signature, PKI.otherRootSigner()));

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_INVALID);
        assertThat(result.detail()).contains(PKI.otherRootSigner().subject());
    }

    @Test
    void stillRefusesAnUntrustedSignerWhenThePolicyAsksForAll() throws Exception {
        CheckResult result = check(
                verifier(trusting(PKI.root()), true, Signers.ALL, Clock.systemUTC()),
                overArtifact()
                        .signedBy(PKI.codeSigner())
                        .signedBy(PKI.otherRootSigner())
                        .carrying(PKI.codeSigner(), PKI.intermediate(), PKI.otherRootSigner())
                        .der());

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_UNTRUSTED);
        assertThat(result.facts()).containsEntry("signer", PKI.otherRootSigner().subject());
    }

    @Test
    void reportsInternalErrorWhenTheGateSkipsADigestItWasAskedFor() throws Exception {
        Files.write(
                signatureFile,
                overArtifact()
                        .signedBy(PKI.codeSigner(), "SHA512")
                        .carryingSignersAnd(PKI.intermediate())
                        .der());

        PendingCheck pending = EngineRun.read(verifier(), artifact, signatureFile);
        CheckResult result = pending.complete(ArtifactHasher.digest(artifact, Set.of()));

        assertThat(result.code()).isEqualTo(Code.INTERNAL_ERROR);
        assertThat(result.detail()).contains("did not compute the SHA-512 digest of app.jar");
    }

    @Test
    void recognisesCmsSignaturesByTheirFirstBytes() throws Exception {
        CmsSignatureMaker maker = overArtifact().signedBy(PKI.ecSigner());

        assertThat(CmsSignatureVerifier.recognises(maker.der())).isTrue();
        assertThat(CmsSignatureVerifier.recognises(maker.pem("PKCS7").getBytes(StandardCharsets.US_ASCII)))
                .isTrue();
        assertThat(CmsSignatureVerifier.recognises(PKI.ecSigner().certificate().getEncoded()))
                .isFalse();
        assertThat(CmsSignatureVerifier.recognises("-----BEGIN PGP SIGNATURE-----".getBytes(StandardCharsets.US_ASCII)))
                .isFalse();
        assertThat(CmsSignatureVerifier.recognises(new byte[0])).isFalse();
    }

    @Test
    void oneVerifierChecksManySignaturesAtOnce() throws Exception {
        CmsSignatureVerifier shared = verifier();
        Path good = Files.write(dir.resolve("good.p7s"), signedWithChain(PKI.codeSigner()));
        Path untrusted = Files.write(
                dir.resolve("untrusted.p7s"),
                overArtifact()
                        .signedBy(PKI.otherRootSigner())
                        .carrying(PKI.otherRootSigner())
                        .der());

        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<CheckResult>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                Path evidence = i % 2 == 0 ? good : untrusted;
                results.add(threads.submit(() -> EngineRun.check(shared, artifact, evidence)));
            }
            for (int i = 0; i < results.size(); i++) {
                Code expected = i % 2 == 0 ? Code.SIGNATURE_VALID : Code.SIGNATURE_UNTRUSTED;
                assertThat(results.get(i).get().code()).isEqualTo(expected);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    /** A signature by a signer under the intermediate CA that carries both their certificates. */
    private byte[] signedWithChain(Identity signer) throws IOException {
        return overArtifact()
                .signedBy(signer)
                .carryingSignersAnd(PKI.intermediate())
                .der();
    }

    private CmsSignatureMaker overArtifact() throws IOException {
        return CmsSignatureMaker.over(artifact);
    }

    private CheckResult check(byte[] signature) throws IOException {
        return check(verifier(), signature);
    }

    private CheckResult check(CmsSignatureVerifier verifier, byte[] signature) throws IOException {
        Files.write(signatureFile, signature);
        return EngineRun.check(verifier, artifact, signatureFile);
    }

    private static CmsSignatureVerifier verifier() {
        return verifier(trusting(PKI.root()), true, Clock.systemUTC());
    }

    static CmsSignatureVerifier verifier(CertificateTrust trust, boolean codeSigning, Clock clock) {
        return verifier(trust, codeSigning, Signers.ALL, clock);
    }

    private static CmsSignatureVerifier acceptingAnyTrustedSigner() {
        return verifier(trusting(PKI.root()), true, Signers.ANY, Clock.systemUTC());
    }

    private static CmsSignatureVerifier verifier(
            CertificateTrust trust, boolean codeSigning, Signers signers, Clock clock) {
        SignaturePolicy policy = new SignaturePolicy(
                true, Set.of(SignatureFormat.CMS), TrustSources.none(), codeSigning, signers, List.of());
        return new CmsSignatureVerifier(policy, trust, clock);
    }

    private static CertificateTrust trusting(Identity... identities) {
        return CertificateTrust.of(
                java.util.Arrays.stream(identities).map(Identity::certificate).toList());
    }

    static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(DigestAlgorithm.SHA_256.newDigest().digest(bytes));
    }
}
