package io.jenkins.plugins.releasegate.core.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.releasegate.core.policy.SignatureFormat;
import io.jenkins.plugins.releasegate.core.policy.SignaturePolicy;
import io.jenkins.plugins.releasegate.core.policy.Signers;
import io.jenkins.plugins.releasegate.core.policy.TrustSources;
import io.jenkins.plugins.releasegate.core.signature.CertificateTrust;
import io.jenkins.plugins.releasegate.core.signature.CmsSignatureVerifier;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Makes keys on a real SoftHSM2 token and stores certificates beside them. */
class HsmKeysTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(KeyType.class)
    void makesSensitiveNonExtractableKeyWithSelfSignedCodeSigningCertificate(KeyType type) throws Exception {
        SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.RELEASE);
        String label = TokenFixtures.uniqueLabel("made");

        HsmKeys.GeneratedKey key = TokenFixtures.keyWithCertificate(token, label, type);

        assertThat(key.uri().id()).hasValueSatisfying(id -> assertThat(id).hasSize(8));
        X509Certificate certificate = key.certificate().orElseThrow();
        certificate.verify(key.publicKey());
        assertThat(certificate.getPublicKey()).isEqualTo(key.publicKey());
        assertThat(certificate.getSubjectX500Principal().getName()).isEqualTo("CN=" + label);
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(certificate.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(certificate.getKeyUsage()[5]).as("keyCertSign").isFalse();
        assertThat(certificate.getExtendedKeyUsage()).containsExactly(KeyPurposeId.id_kp_codeSigning.getId());
        assertThat(Duration.between(
                        certificate.getNotBefore().toInstant(),
                        certificate.getNotAfter().toInstant()))
                .isBetween(Duration.ofDays(3 * 365), Duration.ofDays(3 * 366));

        Pkcs11Module module = TokenFixtures.module();
        TokenSlot slot = module.find(key.uri());
        try (TokenSession session = TokenSession.open(module.library(), slot, false)) {
            session.login(token.newPin());
            List<Long> privateKeys = session.find(
                    Pkcs11Library.CKO_PRIVATE_KEY, Optional.of(label), key.uri().id());
            assertThat(privateKeys).hasSize(1);
            long privateKey = privateKeys.get(0);
            assertThat(flag(session, privateKey, Pkcs11Library.CKA_TOKEN)).isTrue();
            assertThat(flag(session, privateKey, Pkcs11Library.CKA_PRIVATE)).isTrue();
            assertThat(flag(session, privateKey, Pkcs11Library.CKA_SENSITIVE)).isTrue();
            assertThat(flag(session, privateKey, Pkcs11Library.CKA_EXTRACTABLE)).isFalse();
            assertThat(flag(session, privateKey, Pkcs11Library.CKA_SIGN)).isTrue();
            assertThat(session.find(
                            Pkcs11Library.CKO_CERTIFICATE,
                            Optional.of(label),
                            key.uri().id()))
                    .hasSize(1);
        }
    }

    @Test
    void usesTheIdTheUriGives() throws Exception {
        SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.RELEASE);
        String label = TokenFixtures.uniqueLabel("given-id");

        HsmKeys.GeneratedKey key = HsmKeys.generate(
                TokenFixtures.module(),
                Pkcs11Uri.parse(token.uri(label) + ";id=%c0%ff%ee"),
                KeyType.EC_P256,
                token.newPin(),
                HsmKeys.SelfSigned.of("Release signing"));

        assertThat(key.uri().idHex()).contains("c0ffee");
        assertThat(key.uri().toString()).isEqualTo("pkcs11:token=release;object=" + label + ";id=%C0%FF%EE");
    }

    @Test
    void refusesToReuseALabelOrAnId() throws Exception {
        SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.RELEASE);
        String label = TokenFixtures.uniqueLabel("taken");
        HsmKeys.GeneratedKey first = TokenFixtures.keyWithCertificate(token, label, KeyType.EC_P256);
        String sameId = token.uri(TokenFixtures.uniqueLabel("other")) + ";id="
                + percentEncoded(first.uri().id().orElseThrow());
        int keysBefore = privateKeyCount(token);

        assertThatThrownBy(() -> TokenFixtures.keyWithCertificate(token, label, KeyType.EC_P256))
                .isInstanceOfSatisfying(HsmException.class, e -> {
                    assertThat(e.kind()).isEqualTo(HsmException.Kind.KEY_EXISTS);
                    assertThat(e.getMessage())
                            .startsWith("The token 'release' (slot ")
                            .contains("already holds a ")
                            .contains("labelled '" + label + "'")
                            .contains("the engine never overwrites a key.");
                });
        assertThatThrownBy(() -> HsmKeys.generate(
                        TokenFixtures.module(),
                        Pkcs11Uri.parse(sameId),
                        KeyType.EC_P256,
                        token.newPin(),
                        HsmKeys.SelfSigned.of("x")))
                .isInstanceOf(HsmException.class)
                .hasMessageContaining("with id " + first.uri().idHex().orElseThrow());
        assertThat(privateKeyCount(token)).isEqualTo(keysBefore);
    }

    @Test
    void csrFromTheTokenKeyLeadsToAnImportedCertificateAndAChainedSignature() throws Exception {
        SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.SECOND);
        String label = TokenFixtures.uniqueLabel("enrolled");
        Path request = dir.resolve("signing.csr");

        HsmKeys.GeneratedKey key = HsmKeys.generate(
                TokenFixtures.module(),
                Pkcs11Uri.parse(token.uri(label)),
                KeyType.EC_P256,
                token.newPin(),
                new HsmKeys.Csr("Release Signing", request));

        assertThat(key.request()).contains(request);
        assertThat(key.certificate()).isEmpty();
        assertThat(Files.readString(request)).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
        assertThat(ToolRun.run(dir, List.of("openssl", "req", "-in", request.toString(), "-verify", "-noout")))
                .contains("verify OK");

        ToolRun.run(
                dir,
                List.of(
                        "openssl",
                        "req",
                        "-x509",
                        "-newkey",
                        "ec",
                        "-pkeyopt",
                        "ec_paramgen_curve:P-256",
                        "-nodes",
                        "-keyout",
                        "ca.key",
                        "-out",
                        "ca.pem",
                        "-subj",
                        "/CN=Token Test CA",
                        "-days",
                        "30",
                        "-addext",
                        "basicConstraints=critical,CA:true",
                        "-addext",
                        "keyUsage=critical,keyCertSign"));
        ToolRun.run(
                dir,
                List.of(
                        "openssl",
                        "x509",
                        "-req",
                        "-in",
                        request.toString(),
                        "-CA",
                        "ca.pem",
                        "-CAkey",
                        "ca.key",
                        "-CAcreateserial",
                        "-days",
                        "30",
                        "-copy_extensions",
                        "copy",
                        "-out",
                        "issued.pem"));
        ToolRun.run(dir, List.of("openssl", "x509", "-in", "ca.pem", "-outform", "DER", "-out", "ca.der"));
        token.pkcs11Tool(dir, "--write-object", "ca.der", "--type", "cert", "--label", label + "-ca", "--id", "ca01");

        HsmKeys.ImportedCertificate imported =
                HsmKeys.importCertificate(TokenFixtures.module(), key.uri(), token.newPin(), dir.resolve("issued.pem"));

        assertThat(imported.replaced()).isZero();
        assertThat(imported.alreadyPresent()).isFalse();
        assertThat(imported.certificate().getExtendedKeyUsage()).contains(KeyPurposeId.id_kp_codeSigning.getId());
        Path artifact = TokenFixtures.randomFile(dir, "release.tar.gz", 50_000);
        try (HsmSigner signer = HsmSigner.open(SoftHsmToken.module(), key.uri(), token.newPin(), List.of())) {
            assertThat(signer.chain()).hasSize(2);
            assertThat(signer.signAll(List.of(artifact))).allMatch(SigningOutcome::succeeded);
        }
        Path signature = dir.resolve("release.tar.gz.p7s");
        ToolRun.Result openssl = TokenFixtures.opensslVerdict(artifact, signature, dir.resolve("ca.pem"));
        assertThat(openssl.exitStatus()).as(openssl.output()).isZero();
        CheckResult verdict = engineTrusting(artifact, signature, HsmKeys.readCertificates(dir.resolve("ca.pem")));
        assertThat(verdict.code()).as(verdict.detail()).isEqualTo(Code.SIGNATURE_VALID);
        assertThat(verdict.facts()).containsEntry("trustAnchor", "CN=Token Test CA");
    }

    @Test
    void importReplacesTheSelfSignedCertificateAndIsIdempotent() throws Exception {
        SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.RELEASE);
        String label = TokenFixtures.uniqueLabel("reissued");
        HsmKeys.GeneratedKey key = TokenFixtures.keyWithCertificate(token, label, KeyType.RSA_3072);
        Path issued = TokenFixtures.writePem(
                dir.resolve("issued.pem"), TokenFixtures.issuedBySoftwareCa(key.publicKey(), label));

        HsmKeys.ImportedCertificate first =
                HsmKeys.importCertificate(TokenFixtures.module(), key.uri(), token.newPin(), issued);
        HsmKeys.ImportedCertificate second =
                HsmKeys.importCertificate(TokenFixtures.module(), key.uri(), token.newPin(), issued);

        assertThat(first.replaced()).isEqualTo(1);
        assertThat(second.alreadyPresent()).isTrue();
        try (HsmSigner signer = HsmSigner.open(SoftHsmToken.module(), key.uri(), token.newPin(), List.of())) {
            assertThat(signer.certificate()).isEqualTo(first.certificate());
        }
    }

    @Test
    void importRefusesCertificateForAnotherKey() throws Exception {
        SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.RELEASE);
        String label = TokenFixtures.uniqueLabel("mismatch");
        HsmKeys.GeneratedKey key = TokenFixtures.keyWithCertificate(token, label, KeyType.EC_P256);
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        Path foreign = TokenFixtures.writePem(
                dir.resolve("foreign.pem"),
                TokenFixtures.issuedBySoftwareCa(generator.generateKeyPair().getPublic(), "foreign"));

        String slot = Long.toUnsignedString(slotOf(key));

        assertThatThrownBy(() -> HsmKeys.importCertificate(TokenFixtures.module(), key.uri(), token.newPin(), foreign))
                .isInstanceOfSatisfying(HsmException.class, e -> {
                    assertThat(e.kind()).isEqualTo(HsmException.Kind.CERTIFICATE_MISMATCH);
                    assertThat(e.getMessage())
                            .isEqualTo("The certificate in " + foreign + " (CN=foreign) holds another public key than"
                                    + " the key '" + label + "' with id "
                                    + key.uri().idHex().orElseThrow()
                                    + " on token 'release' (slot " + slot + "), so the"
                                    + " certificate was not imported.");
                });
    }

    @Test
    void refusesExistingRequestFileBeforeMakingAKey() throws Exception {
        SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.RELEASE);
        Path existing = Files.writeString(dir.resolve("taken.csr"), "keep me");
        int keysBefore = privateKeyCount(token);

        assertThatThrownBy(() -> HsmKeys.generate(
                        TokenFixtures.module(),
                        Pkcs11Uri.parse(token.uri(TokenFixtures.uniqueLabel("unmade"))),
                        KeyType.EC_P256,
                        token.newPin(),
                        new HsmKeys.Csr("x", existing)))
                .hasMessage("The certificate request file " + existing + " exists already, so no key was made:"
                        + " choose a new file name.");
        assertThat(Files.readString(existing)).isEqualTo("keep me");
        assertThat(privateKeyCount(token)).isEqualTo(keysBefore);
    }

    @Test
    void namesTheKeyTypesThereAre() throws Exception {
        assertThat(KeyType.byName("EC-P384")).isEqualTo(KeyType.EC_P384);
        assertThatThrownBy(() -> KeyType.byName("ed25519"))
                .hasMessage("The key type 'ed25519' is not one the engine makes (ec-p256, ec-p384, rsa-3072), so no"
                        + " key was made.");
    }

    @Test
    void readsCertificateFilesAndRefusesOthers() throws Exception {
        Path notCertificate = Files.writeString(dir.resolve("chain.pem"), "hello");

        assertThatThrownBy(() -> HsmKeys.readCertificates(notCertificate))
                .isInstanceOfSatisfying(
                        HsmException.class, e -> assertThat(e.kind()).isEqualTo(HsmException.Kind.BAD_INPUT))
                .hasMessageStartingWith("The file " + notCertificate + " holds no");
        assertThatThrownBy(() -> HsmKeys.readCertificates(dir.resolve("absent.pem")))
                .hasMessage("The certificate file " + dir.resolve("absent.pem") + " does not exist.");
    }

    private static boolean flag(TokenSession session, long object, long attribute) throws Pkcs11Failure {
        byte[] value = session.attribute(object, attribute).orElseThrow();
        return value.length == 1 && value[0] != 0;
    }

    private static int privateKeyCount(SoftHsmToken token) throws Exception {
        Pkcs11Module module = TokenFixtures.module();
        TokenSlot slot = module.find(Pkcs11Uri.parse("pkcs11:token=" + token.label()));
        return (int) module.keys(slot, Optional.of(token.newPin())).stream()
                .filter(key -> key.objectClass() == TokenKey.ObjectClass.PRIVATE_KEY)
                .count();
    }

    private static long slotOf(HsmKeys.GeneratedKey key) throws Exception {
        return TokenFixtures.module().find(key.uri()).slotId();
    }

    private static String percentEncoded(byte[] id) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : id) {
            encoded.append(String.format("%%%02X", b));
        }
        return encoded.toString();
    }

    private static CheckResult engineTrusting(Path artifact, Path signature, List<X509Certificate> anchors)
            throws Exception {
        SignaturePolicy policy = new SignaturePolicy(
                true, Set.of(SignatureFormat.CMS), TrustSources.none(), true, Signers.ALL, List.of());
        CmsSignatureVerifier verifier =
                new CmsSignatureVerifier(policy, CertificateTrust.of(anchors), Clock.systemUTC());
        return TokenFixtures.verdict(verifier, artifact, signature);
    }
}
