package io.jenkins.plugins.releasegate.core.signature;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A test PKI made in memory with Bouncy Castle: a root CA, an intermediate CA under it and signer certificates of
 * every kind the verifier must tell apart, plus an unrelated CA. Made once per test run, because RSA key generation
 * is slow; nothing of it is written to disk unless a test asks.
 */
final class TestPki {

    static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    private static final AtomicLong SERIALS = new AtomicLong(System.currentTimeMillis());

    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    private final Identity root;
    private final Identity intermediate;
    private final Identity codeSigner;
    private final Identity noEkuSigner;
    private final Identity expiredSigner;
    private final Identity weakRsaSigner;
    private final Identity ecSigner;
    private final Identity noDigitalSignatureSigner;
    private final Identity selfSignedSigner;
    private final Identity otherRoot;
    private final Identity otherRootSigner;

    private TestPki() {
        root = identity("CN=Release Gate Test Root CA,O=Release Gate Tests")
                .ca()
                .make();
        intermediate = identity("CN=Release Gate Test Intermediate CA,O=Release Gate Tests")
                .issuedBy(root)
                .ca()
                .make();
        codeSigner = leaf("CN=Release Signer,O=Release Gate Tests").make();
        noEkuSigner = identity("CN=Signer Without EKU,O=Release Gate Tests")
                .issuedBy(intermediate)
                .keyUsage(KeyUsage.digitalSignature)
                .make();
        expiredSigner = leaf("CN=Expired Signer,O=Release Gate Tests")
                .valid(now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(30)))
                .make();
        weakRsaSigner =
                leaf("CN=Weak RSA Signer,O=Release Gate Tests").rsa(1024).make();
        ecSigner = leaf("CN=EC Signer,O=Release Gate Tests").ec().make();
        noDigitalSignatureSigner = leaf("CN=Encryption Only,O=Release Gate Tests")
                .keyUsage(KeyUsage.keyEncipherment)
                .make();
        selfSignedSigner = identity("CN=Self-Signed Signer,O=Release Gate Tests")
                .keyUsage(KeyUsage.digitalSignature)
                .extendedKeyUsage(KeyPurposeId.id_kp_codeSigning)
                .ec()
                .make();
        otherRoot = identity("CN=Unrelated Root CA,O=Elsewhere").ca().make();
        otherRootSigner = identity("CN=Unrelated Signer,O=Elsewhere")
                .issuedBy(otherRoot)
                .keyUsage(KeyUsage.digitalSignature)
                .extendedKeyUsage(KeyPurposeId.id_kp_codeSigning)
                .make();
    }

    static TestPki shared() {
        return Shared.INSTANCE;
    }

    /** When the PKI was made; certificates are valid from a day before to a year after, unless said otherwise. */
    Instant now() {
        return now;
    }

    Identity root() {
        return root;
    }

    Identity intermediate() {
        return intermediate;
    }

    /** RSA 2048, under the intermediate, with digitalSignature and the code-signing extended key usage. */
    Identity codeSigner() {
        return codeSigner;
    }

    Identity noEkuSigner() {
        return noEkuSigner;
    }

    /** Valid from 400 to 30 days before {@link #now()}. */
    Identity expiredSigner() {
        return expiredSigner;
    }

    Identity weakRsaSigner() {
        return weakRsaSigner;
    }

    /** EC P-256. */
    Identity ecSigner() {
        return ecSigner;
    }

    Identity noDigitalSignatureSigner() {
        return noDigitalSignatureSigner;
    }

    /** Not a CA, issued by itself: trusted only when pinned. */
    Identity selfSignedSigner() {
        return selfSignedSigner;
    }

    Identity otherRoot() {
        return otherRoot;
    }

    Identity otherRootSigner() {
        return otherRootSigner;
    }

    /** A code-signing leaf under the intermediate CA, to adjust before {@link IdentityBuilder#make()}. */
    IdentityBuilder leaf(String subject) {
        return identity(subject)
                .issuedBy(intermediate)
                .keyUsage(KeyUsage.digitalSignature)
                .extendedKeyUsage(KeyPurposeId.id_kp_codeSigning);
    }

    /** A self-issued certificate without extensions, valid around {@link #now()}, to adjust before making it. */
    IdentityBuilder identity(String subject) {
        return new IdentityBuilder(subject, now);
    }

    /** A certificate and its private key. */
    record Identity(X509Certificate certificate, PrivateKey privateKey) {

        String subject() {
            return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
        }

        /** The JCA signature algorithm this identity signs with, for the given digest such as "SHA256". */
        String signatureAlgorithm(String digest) {
            return TestPki.signatureAlgorithm(privateKey, digest);
        }

        Path writeCertificate(Path file) throws IOException {
            return writePem(file, List.of(certificate));
        }
    }

    static String signatureAlgorithm(PrivateKey key, String digest) {
        return digest + "with" + (key instanceof RSAKey ? "RSA" : "ECDSA");
    }

    static Path writePem(Path file, List<?> objects) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            for (Object object : objects) {
                pem.writeObject(object);
            }
        }
        return Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
    }

    /** Describes one certificate to make. */
    static final class IdentityBuilder {

        private final String subject;
        private Identity issuer;
        private boolean ca;
        private Integer keyUsage;
        private KeyPurposeId[] purposes;
        private Instant notBefore;
        private Instant notAfter;
        private int rsaBits = 2048;
        private boolean ec;
        private String issuerDigest = "SHA256";
        private BigInteger serial;
        private KeyPair certifiedKeys;

        private IdentityBuilder(String subject, Instant now) {
            this.subject = subject;
            this.notBefore = now.minus(Duration.ofDays(1));
            this.notAfter = now.plus(Duration.ofDays(365));
        }

        IdentityBuilder issuedBy(Identity newIssuer) {
            this.issuer = newIssuer;
            return this;
        }

        /** A CA certificate, valid for years around now so that backdated signatures stay within it. */
        IdentityBuilder ca() {
            this.ca = true;
            this.keyUsage = KeyUsage.keyCertSign | KeyUsage.cRLSign;
            this.notBefore = notBefore.minus(Duration.ofDays(3 * 365));
            this.notAfter = notAfter.plus(Duration.ofDays(4 * 365));
            return this;
        }

        IdentityBuilder keyUsage(int bits) {
            this.keyUsage = bits;
            return this;
        }

        IdentityBuilder extendedKeyUsage(KeyPurposeId... newPurposes) {
            this.purposes = newPurposes.clone();
            return this;
        }

        IdentityBuilder valid(Instant from, Instant until) {
            this.notBefore = from;
            this.notAfter = until;
            return this;
        }

        /** A chosen serial number; each certificate gets a fresh one unless said. */
        IdentityBuilder serial(BigInteger number) {
            this.serial = number;
            return this;
        }

        /** The digest the issuer signs this certificate with, for example "SHA1"; SHA256 unless said. */
        IdentityBuilder issuerDigest(String digest) {
            this.issuerDigest = digest;
            return this;
        }

        /** Certifies the key of an existing identity again, as a CA does when it cross-signs another CA. */
        IdentityBuilder keyOf(Identity holder) {
            this.certifiedKeys = new KeyPair(holder.certificate().getPublicKey(), holder.privateKey());
            return this;
        }

        IdentityBuilder rsa(int bits) {
            this.rsaBits = bits;
            this.ec = false;
            return this;
        }

        IdentityBuilder ec() {
            this.ec = true;
            return this;
        }

        Identity make() {
            try {
                KeyPair keys = certifiedKeys == null ? generateKeys() : certifiedKeys;
                X500Principal subjectName = new X500Principal(subject);
                X500Principal issuerName =
                        issuer == null ? subjectName : issuer.certificate().getSubjectX500Principal();
                PrivateKey signingKey = issuer == null ? keys.getPrivate() : issuer.privateKey();

                JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                        issuerName,
                        serial == null ? BigInteger.valueOf(SERIALS.incrementAndGet()) : serial,
                        Date.from(notBefore),
                        Date.from(notAfter),
                        subjectName,
                        keys.getPublic());
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
                builder.addExtension(
                        Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
                if (issuer != null) {
                    builder.addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            extensions.createAuthorityKeyIdentifier(issuer.certificate()));
                }
                if (keyUsage != null) {
                    builder.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
                }
                if (purposes != null) {
                    builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
                }

                String algorithm = signatureAlgorithm(signingKey, issuerDigest);
                X509Certificate certificate = new JcaX509CertificateConverter()
                        .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm)
                                .setProvider(BOUNCY_CASTLE)
                                .build(signingKey)));
                return new Identity(certificate, keys.getPrivate());
            } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
                throw new IllegalStateException("Could not make the test certificate " + subject, e);
            }
        }

        private KeyPair generateKeys() throws GeneralSecurityException {
            if (ec) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                return generator.generateKeyPair();
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(rsaBits);
            return generator.generateKeyPair();
        }
    }

    private static final class Shared {
        static final TestPki INSTANCE = new TestPki();
    }
}
