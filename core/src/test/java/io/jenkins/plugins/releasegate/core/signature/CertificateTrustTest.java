package io.jenkins.plugins.releasegate.core.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.releasegate.core.policy.InvalidPolicyException;
import io.jenkins.plugins.releasegate.core.policy.PolicyProblem;
import io.jenkins.plugins.releasegate.core.policy.TrustSources;
import io.jenkins.plugins.releasegate.core.signature.TestPki.Identity;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateTrustTest {

    private static final TestPki PKI = TestPki.shared();

    @TempDir
    Path dir;

    @Test
    void sortsCaCertificatesIntoAnchorsAndOthersIntoPinnedSigners() {
        CertificateTrust trust = CertificateTrust.of(List.of(
                PKI.root().certificate(),
                PKI.selfSignedSigner().certificate(),
                PKI.intermediate().certificate(),
                PKI.root().certificate()));

        assertThat(trust.caCertificates())
                .containsExactly(PKI.root().certificate(), PKI.intermediate().certificate());
        assertThat(trust.pinnedSigners()).containsExactly(PKI.selfSignedSigner().certificate());
        assertThat(trust.isEmpty()).isFalse();
    }

    @Test
    void isEmptyWhenNoCertificateIsGiven() throws Exception {
        assertThat(CertificateTrust.of(List.of()).isEmpty()).isTrue();
        assertThat(CertificateTrust.load(TrustSources.none()).isEmpty()).isTrue();
    }

    @Test
    void loadsEveryCertificateOfAPemBundleWithTextAround() throws Exception {
        Path bundle = TestPki.writePem(
                dir.resolve("bundle.pem"),
                List.of(PKI.root().certificate(), PKI.codeSigner().certificate()));
        Files.writeString(
                bundle, "Release CA and signer, as openssl x509 -text leaves it\n" + Files.readString(bundle));

        CertificateTrust trust = CertificateTrust.load(sources(bundle));

        assertThat(trust.caCertificates()).containsExactly(PKI.root().certificate());
        assertThat(trust.pinnedSigners()).containsExactly(PKI.codeSigner().certificate());
    }

    @Test
    void loadsDerCertificate() throws Exception {
        Path der = Files.write(dir.resolve("root.cer"), PKI.root().certificate().getEncoded());

        assertThat(CertificateTrust.load(sources(der)).caCertificates())
                .containsExactly(PKI.root().certificate());
    }

    @Test
    void reportsMissingFileUnderTheTrustCertificatesKey() {
        Path missing = dir.resolve("trust/release-ca.pem");

        assertThatThrownBy(() -> CertificateTrust.load(sources(missing), "release-gate.yml"))
                .isInstanceOfSatisfying(InvalidPolicyException.class, e -> {
                    assertThat(e.source()).isEqualTo("release-gate.yml");
                    assertThat(e.problems()).singleElement().satisfies(problem -> {
                        assertThat(problem.key()).isEqualTo("signature.trust.certificates");
                        assertThat(problem.message())
                                .isEqualTo(missing + " does not exist, so no signature can be trusted through it.");
                    });
                });
    }

    @Test
    void rejectsFileThatHoldsNoCertificate() throws Exception {
        Path text = Files.writeString(dir.resolve("notes.txt"), "trust me\n");

        assertThatThrownBy(() -> CertificateTrust.load(sources(text)))
                .isInstanceOfSatisfying(
                        InvalidPolicyException.class,
                        e -> assertThat(e.problems().get(0).message())
                                .startsWith(
                                        text + " is not a certificate file: it holds no readable X.509 certificate"));
    }

    @Test
    void rejectsEmptyFile() throws Exception {
        Path empty = Files.write(dir.resolve("empty.pem"), new byte[0]);

        assertThatThrownBy(() -> CertificateTrust.load(sources(empty)))
                .isInstanceOfSatisfying(
                        InvalidPolicyException.class,
                        e -> assertThat(e.problems().get(0).message())
                                .isEqualTo(
                                        empty + " holds no certificate, so no signature can be trusted through it."));
    }

    @Test
    void refusesPrivateKeyInATrustFile() throws Exception {
        Path leaked = TestPki.writePem(
                dir.resolve("signer.pem"),
                List.of(PKI.codeSigner().certificate(), PKI.codeSigner().privateKey()));

        assertThatThrownBy(() -> CertificateTrust.load(sources(leaked)))
                .isInstanceOfSatisfying(
                        InvalidPolicyException.class,
                        e -> assertThat(e.problems().get(0).message())
                                .contains("PRIVATE KEY block", "only CERTIFICATE blocks belong there"));
    }

    @Test
    void reportsEveryBadFileAtOnce() throws Exception {
        Path good = PKI.root().writeCertificate(dir.resolve("root.pem"));
        Path missing = dir.resolve("missing.pem");
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN CERTIFICATE-----\n@@@\n");

        assertThatThrownBy(() -> CertificateTrust.load(sources(good, missing, garbage)))
                .isInstanceOfSatisfying(
                        InvalidPolicyException.class,
                        e -> assertThat(e.problems())
                                .extracting(PolicyProblem::message)
                                .satisfiesExactly(
                                        first -> assertThat(first).startsWith(missing.toString()),
                                        second -> assertThat(second).startsWith(garbage.toString())));
    }

    @Test
    void validatesAChainThroughGivenIntermediates() throws Exception {
        CertificateTrust trust = CertificateTrust.of(List.of(PKI.root().certificate()));

        TrustedChain chain = trust.validate(
                PKI.codeSigner().certificate(), List.of(PKI.intermediate().certificate()), PKI.now());

        assertThat(chain.path())
                .containsExactly(
                        PKI.codeSigner().certificate(), PKI.intermediate().certificate());
        assertThat(chain.anchor()).isEqualTo(PKI.root().certificate());
        assertThat(chain.anchorName()).isEqualTo(PKI.root().subject());
    }

    @Test
    void tellsAnExpiredIntermediateApartFromAnUntrustedOne() {
        Identity oldIntermediate = PKI.identity("CN=Old Intermediate")
                .issuedBy(PKI.root())
                .ca()
                .valid(PKI.now().minus(Duration.ofDays(3000)), PKI.now().minus(Duration.ofDays(10)))
                .make();
        Identity signer = PKI.leaf("CN=Signer Under Old Intermediate")
                .issuedBy(oldIntermediate)
                .ec()
                .make();
        CertificateTrust trust = CertificateTrust.of(List.of(PKI.root().certificate()));

        assertThatThrownBy(
                        () -> trust.validate(signer.certificate(), List.of(oldIntermediate.certificate()), PKI.now()))
                .isInstanceOfSatisfying(CertificateTrustException.class, e -> {
                    assertThat(e.code()).isEqualTo(Code.SIGNATURE_CERTIFICATE_NOT_VALID);
                    assertThat(e.getMessage()).startsWith("the certificate CN=Old Intermediate is valid from");
                });
    }

    @Test
    void refusesAnExpiredAnchor() {
        Identity oldRoot = PKI.identity("CN=Old Root")
                .ca()
                .valid(PKI.now().minus(Duration.ofDays(3000)), PKI.now().minus(Duration.ofDays(1)))
                .make();
        Identity signer =
                PKI.leaf("CN=Signer Under Old Root").issuedBy(oldRoot).ec().make();
        CertificateTrust trust = CertificateTrust.of(List.of(oldRoot.certificate()));
        Instant signedWhileTheSignerWasValid = PKI.now();

        assertThatThrownBy(() -> trust.validate(signer.certificate(), List.of(), signedWhileTheSignerWasValid))
                .isInstanceOfSatisfying(CertificateTrustException.class, e -> {
                    assertThat(e.code()).isEqualTo(Code.SIGNATURE_CERTIFICATE_NOT_VALID);
                    assertThat(e.getMessage()).contains("CN=Old Root");
                });
    }

    @Test
    void checksAPinnedSignerAtTheTimeAskedAbout() throws Exception {
        CertificateTrust trust = CertificateTrust.of(List.of(PKI.expiredSigner().certificate()));

        assertThat(trust.validate(
                                PKI.expiredSigner().certificate(),
                                List.of(),
                                PKI.now().minus(Duration.ofDays(100)))
                        .isPinned())
                .isTrue();
        assertThatThrownBy(() -> trust.validate(PKI.expiredSigner().certificate(), List.of(), PKI.now()))
                .isInstanceOfSatisfying(
                        CertificateTrustException.class,
                        e -> assertThat(e.code()).isEqualTo(Code.SIGNATURE_CERTIFICATE_NOT_VALID));
    }

    @Test
    void trustsNothingThatIsNeitherPinnedNorUnderAnAnchor() {
        CertificateTrust onlyPinned =
                CertificateTrust.of(List.of(PKI.selfSignedSigner().certificate()));

        assertThatThrownBy(() -> onlyPinned.validate(
                        PKI.codeSigner().certificate(),
                        List.of(PKI.intermediate().certificate()),
                        PKI.now()))
                .isInstanceOfSatisfying(CertificateTrustException.class, e -> {
                    assertThat(e.code()).isEqualTo(Code.SIGNATURE_UNTRUSTED);
                    assertThat(e.getMessage()).contains("not pinned");
                });
    }

    private static TrustSources sources(Path... certificates) {
        return TrustSources.ofFiles(List.of(certificates), List.of(), List.of());
    }
}
