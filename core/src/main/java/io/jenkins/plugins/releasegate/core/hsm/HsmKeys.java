package io.jenkins.plugins.releasegate.core.hsm;

import io.jenkins.plugins.releasegate.core.hsm.HsmException.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Makes signing keys on a token and stores the certificates issued for them, through the engine's own Cryptoki
 * binding (SunPKCS11 cannot make a key pair with a chosen label and id, nor store a certificate beside an existing
 * key).
 *
 * <p>A key pair is made non-extractable and sensitive on the token, with the URI's {@code object} as its label and
 * its {@code id} (or 8 random bytes) as its id; the token key then signs either a self-signed code-signing
 * certificate, stored beside the key under the same label and id, or a PKCS#10 request written to a PEM file. A key
 * that would share a label or id with an object already on the token is refused.
 */
public final class HsmKeys {

    private static final long MAX_CERTIFICATE_FILE_BYTES = 1L << 20;
    private static final int GENERATED_ID_BYTES = 8;
    private static final SecureRandom RANDOM = new SecureRandom();

    private HsmKeys() {}

    /** What the new key gets besides itself. */
    public sealed interface Enrolment permits SelfSigned, Csr {}

    /**
     * A self-signed code-signing certificate, stored on the token beside the key: basicConstraints CA:false,
     * keyUsage digitalSignature, extendedKeyUsage codeSigning.
     *
     * @param commonName the subject's CN
     * @param validity how long from now it is valid
     */
    public record SelfSigned(String commonName, Period validity) implements Enrolment {

        /** Valid for three years. */
        public static SelfSigned of(String commonName) {
            return new SelfSigned(commonName, Period.ofYears(3));
        }
    }

    /**
     * A PKCS#10 certificate request in PEM, asking for the same code-signing extensions, for a CA to issue from.
     *
     * @param commonName the subject's CN
     * @param file where to write it; it must not exist yet
     */
    public record Csr(String commonName, Path file) implements Enrolment {}

    /**
     * A key made on a token.
     *
     * @param uri names the key, with its id
     * @param type what kind of key it is
     * @param publicKey its public half
     * @param certificate the self-signed certificate stored beside it, if one was asked for
     * @param request the file the certificate request was written to, if one was asked for
     */
    public record GeneratedKey(
            Pkcs11Uri uri,
            KeyType type,
            PublicKey publicKey,
            Optional<X509Certificate> certificate,
            Optional<Path> request) {}

    /**
     * A certificate stored beside its key.
     *
     * @param certificate the certificate now on the token
     * @param replaced how many other certificates with the key's id were removed; 0 also when it was there already
     * @param alreadyPresent whether the token held this very certificate before, so that nothing changed
     */
    public record ImportedCertificate(X509Certificate certificate, int replaced, boolean alreadyPresent) {}

    /**
     * Makes a key pair on the token the URI names, logged in with the PIN (tried once, then closed).
     *
     * @throws HsmException when the token cannot be found or logged in to, the label or id is taken, or the token
     *     refuses; a key pair made before a later step failed is removed again
     */
    public static GeneratedKey generate(Pkcs11Module module, Pkcs11Uri uri, KeyType type, Pin pin, Enrolment enrolment)
            throws HsmException {
        return generate(module, uri, type, pin, enrolment, Clock.systemUTC());
    }

    static GeneratedKey generate(
            Pkcs11Module module, Pkcs11Uri uri, KeyType type, Pin pin, Enrolment enrolment, Clock clock)
            throws HsmException {
        try (pin) {
            String label = uri.object()
                    .orElseThrow(() -> new HsmException(
                            Kind.INVALID_URI,
                            "The URI " + uri + " gives the new key no label, so no key was made: add object=."));
            requireCommonName(enrolment);
            if (enrolment instanceof Csr csr) {
                requireWritable(csr.file());
            }
            Pkcs11Uri named = uri.id().isPresent() ? uri : uri.withId(randomId());
            byte[] id = named.id().orElseThrow();

            TokenSlot slot = module.find(named);
            Pkcs11Module.Lease lease = module.lease(slot);
            try (TokenSession session = TokenSession.open(module.library(), slot, true)) {
                session.login(pin);
                refuseExisting(session, label, id);
                long[] pair = session.generateKeyPair(
                        type.generationMechanism(), publicTemplate(type, label, id), privateTemplate(label, id));
                try {
                    return enrol(session, named, type, pair, enrolment, clock);
                } catch (HsmException | Pkcs11Failure | RuntimeException e) {
                    removeQuietly(session, pair);
                    throw e;
                }
            } catch (Pkcs11Failure e) {
                throw e.toHsmException("The " + slot.describe(), "no key was made");
            } finally {
                lease.close();
            }
        }
    }

    /**
     * Stores the certificate in the file beside the token key the URI names, under the key's label and id, after
     * checking that the certificate's public key is the key's. Of several certificates in the file, the one for the
     * key is taken. Other certificates with the key's id are removed once the new one is stored.
     */
    public static ImportedCertificate importCertificate(
            Pkcs11Module module, Pkcs11Uri uri, Pin pin, Path certificateFile) throws HsmException {
        try (pin) {
            List<X509Certificate> offered = readCertificates(certificateFile);
            TokenSlot slot = module.find(uri);
            Pkcs11Module.Lease lease = module.lease(slot);
            try (TokenSession session = TokenSession.open(module.library(), slot, true)) {
                session.login(pin);
                return store(session, uri, certificateFile, offered);
            } catch (Pkcs11Failure e) {
                throw e.toHsmException("The " + slot.describe(), "the certificate was not imported");
            } finally {
                lease.close();
            }
        }
    }

    /**
     * The certificates in a PEM file (any number) or a DER file (one), for example the intermediates to add to each
     * signature.
     *
     * @throws HsmException of kind {@link Kind#BAD_INPUT} naming the file when it is missing, too large, or holds no
     *     certificate
     */
    public static List<X509Certificate> readCertificates(Path file) throws HsmException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) MAX_CERTIFICATE_FILE_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new HsmException(Kind.BAD_INPUT, "The certificate file " + file + " does not exist.");
        } catch (IOException e) {
            throw new HsmException(
                    Kind.BAD_INPUT, "The certificate file " + file + " could not be read (" + e.getMessage() + ").");
        }
        if (bytes.length > MAX_CERTIFICATE_FILE_BYTES) {
            throw new HsmException(
                    Kind.BAD_INPUT, "The certificate file " + file + " is larger than 1 MiB, so it was not read.");
        }
        try {
            List<X509Certificate> certificates = new ArrayList<>();
            for (var certificate :
                    CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes))) {
                certificates.add((X509Certificate) certificate);
            }
            if (!certificates.isEmpty()) {
                return certificates;
            }
        } catch (CertificateException | RuntimeException e) {
            throw new HsmException(
                    Kind.BAD_INPUT,
                    "The file " + file + " holds no readable X.509 certificate (" + e.getMessage() + ").");
        }
        throw new HsmException(Kind.BAD_INPUT, "The file " + file + " holds no X.509 certificate.");
    }

    private static GeneratedKey enrol(
            TokenSession session, Pkcs11Uri uri, KeyType type, long[] pair, Enrolment enrolment, Clock clock)
            throws HsmException, Pkcs11Failure {
        String label = uri.object().orElseThrow();
        byte[] id = uri.id().orElseThrow();
        PublicKey publicKey = KeyDescription.publicKey(session, pair[0], type.description())
                .orElseThrow(() -> new HsmException(
                        Kind.TOKEN_ERROR,
                        "The " + session.slot().describe()
                                + " made the key pair but does not show its public key, so the"
                                + " key pair was removed again."));
        TokenContentSigner signer = new TokenContentSigner(session, pair[1], type);

        if (enrolment instanceof SelfSigned selfSigned) {
            X509Certificate certificate = selfSignedCertificate(selfSigned, publicKey, signer, clock);
            session.createObject(certificateTemplate(certificate, label, id));
            return new GeneratedKey(uri, type, publicKey, Optional.of(certificate), Optional.empty());
        }
        Csr csr = (Csr) enrolment;
        writeRequest(csr, request(csr, publicKey, signer));
        return new GeneratedKey(uri, type, publicKey, Optional.empty(), Optional.of(csr.file()));
    }

    private static X509Certificate selfSignedCertificate(
            SelfSigned selfSigned, PublicKey publicKey, TokenContentSigner signer, Clock clock)
            throws HsmException, Pkcs11Failure {
        X500Name subject = commonName(selfSigned.commonName());
        Instant now = clock.instant();
        Instant notAfter =
                now.atOffset(ZoneOffset.UTC).plus(selfSigned.validity()).toInstant();
        byte[] serial = new byte[16];
        RANDOM.nextBytes(serial);
        try {
            JcaX509ExtensionUtils extensionUtils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new X509v3CertificateBuilder(
                            subject,
                            new BigInteger(1, serial),
                            Date.from(now),
                            Date.from(notAfter),
                            subject,
                            SubjectPublicKeyInfo.getInstance(publicKey.getEncoded()))
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(
                            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning))
                    .addExtension(
                            Extension.subjectKeyIdentifier, false, extensionUtils.createSubjectKeyIdentifier(publicKey))
                    .addExtension(
                            Extension.authorityKeyIdentifier,
                            false,
                            extensionUtils.createAuthorityKeyIdentifier(publicKey));
            X509CertificateHolder holder = signer.sign(builder::build);
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);
            certificate.verify(publicKey);
            return certificate;
        } catch (GeneralSecurityException | IOException e) {
            throw new HsmException(
                    Kind.TOKEN_ERROR,
                    "The self-signed certificate made with the new key does not hold together (" + e.getMessage()
                            + "), so the key pair was removed again.");
        }
    }

    private static PKCS10CertificationRequest request(Csr csr, PublicKey publicKey, TokenContentSigner signer)
            throws HsmException, Pkcs11Failure {
        try {
            ExtensionsGenerator extensions = new ExtensionsGenerator();
            extensions.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            extensions.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            extensions.addExtension(
                    Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
            Extensions requested = extensions.generate();
            JcaPKCS10CertificationRequestBuilder builder =
                    new JcaPKCS10CertificationRequestBuilder(commonName(csr.commonName()), publicKey);
            builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, requested);
            PKCS10CertificationRequest request = signer.sign(builder::build);
            if (!request.isSignatureValid(new JcaContentVerifierProviderBuilder().build(publicKey))) {
                throw new PKCSException("its signature does not verify with the new public key");
            }
            return request;
        } catch (IOException | OperatorCreationException | PKCSException e) {
            throw new HsmException(
                    Kind.TOKEN_ERROR,
                    "The certificate request made with the new key does not hold together (" + e.getMessage()
                            + "), so the key pair was removed again.");
        }
    }

    private static void writeRequest(Csr csr, PKCS10CertificationRequest request) throws HsmException {
        Path file = csr.file().toAbsolutePath();
        Path temporary = file.resolveSibling(
                "." + file.getFileName() + "." + HexFormat.of().toHexDigits(RANDOM.nextLong()) + ".tmp");
        try {
            StringWriter pem = new StringWriter();
            try (PemWriter writer = new PemWriter(pem)) {
                writer.writeObject(new PemObject("CERTIFICATE REQUEST", request.getEncoded()));
            }
            try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW)) {
                out.write(pem.toString().getBytes(StandardCharsets.US_ASCII));
            }
            // A plain rename that refuses an existing target: a request that appeared meanwhile is not overwritten.
            Files.move(temporary, file);
        } catch (IOException e) {
            throw new HsmException(
                    Kind.BAD_INPUT,
                    "The certificate request could not be written to " + csr.file() + " (" + e.getMessage()
                            + "), so the key pair was removed again.");
        } finally {
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException e) {
                // The temporary name is hidden and unique; nothing reads it.
            }
        }
    }

    private static ImportedCertificate store(
            TokenSession session, Pkcs11Uri uri, Path certificateFile, List<X509Certificate> offered)
            throws HsmException, Pkcs11Failure {
        String consequence = "so the certificate was not imported";
        long key = SigningCredential.privateKey(session, uri, consequence);
        String label = session.textAttribute(key, Pkcs11Library.CKA_LABEL).orElse("");
        byte[] id = session.attribute(key, Pkcs11Library.CKA_ID).orElse(new byte[0]);
        String keyName = "the key " + uri.keyName() + " on " + session.slot().describe();
        if (id.length == 0) {
            throw new HsmException(
                    Kind.KEY_WITHOUT_CERTIFICATE,
                    "The key " + uri.keyName() + " on " + session.slot().describe() + " has no CKA_ID to pair a"
                            + " certificate with, " + consequence + ".");
        }

        KeyDescription description = KeyDescription.read(session, key);
        PublicKey publicKey = SigningCredential.publicKey(session, key, id, description)
                .orElseThrow(() -> new HsmException(
                        Kind.TOKEN_ERROR,
                        "The public key of " + keyName + " cannot be read to check the certificate against it, "
                                + consequence + "."));
        X509Certificate certificate = offered.stream()
                .filter(candidate -> Arrays.equals(candidate.getPublicKey().getEncoded(), publicKey.getEncoded()))
                .findFirst()
                .orElseThrow(() -> new HsmException(
                        Kind.CERTIFICATE_MISMATCH,
                        "The certificate in " + certificateFile + " (" + SigningCredential.subject(offered.get(0))
                                + ") holds another public key than " + keyName + ", " + consequence + "."));

        List<Long> existing = session.find(Pkcs11Library.CKO_CERTIFICATE, Optional.empty(), Optional.of(id));
        List<Long> others = new ArrayList<>();
        for (long object : existing) {
            Optional<byte[]> value = session.attribute(object, Pkcs11Library.CKA_VALUE);
            if (value.isPresent() && Arrays.equals(value.get(), encoded(certificate))) {
                return new ImportedCertificate(certificate, 0, true);
            }
            others.add(object);
        }
        session.createObject(certificateTemplate(certificate, label, id));
        for (long other : others) {
            session.destroyObject(other);
        }
        return new ImportedCertificate(certificate, others.size(), false);
    }

    private static void refuseExisting(TokenSession session, String label, byte[] id)
            throws HsmException, Pkcs11Failure {
        List<String> taken = new ArrayList<>();
        for (long object : session.find(new AttributeTemplate().text(Pkcs11Library.CKA_LABEL, label))) {
            taken.add(className(session, object) + " labelled '" + label + "'");
        }
        for (long object : session.find(new AttributeTemplate().bytes(Pkcs11Library.CKA_ID, id))) {
            taken.add(className(session, object) + " with id " + HexFormat.of().formatHex(id));
        }
        if (!taken.isEmpty()) {
            throw new HsmException(
                    Kind.KEY_EXISTS,
                    "The " + session.slot().describe() + " already holds "
                            + String.join(", ", taken.stream().distinct().toList())
                            + ", so no key was made: choose another label or id; the engine never overwrites a key.");
        }
    }

    private static String className(TokenSession session, long object) throws Pkcs11Failure {
        long objectClass =
                session.ulongAttribute(object, Pkcs11Library.CKA_CLASS).orElse(-1);
        if (objectClass == Pkcs11Library.CKO_PRIVATE_KEY) {
            return "a private key";
        }
        if (objectClass == Pkcs11Library.CKO_PUBLIC_KEY) {
            return "a public key";
        }
        if (objectClass == Pkcs11Library.CKO_CERTIFICATE) {
            return "a certificate";
        }
        return "an object";
    }

    private static AttributeTemplate publicTemplate(KeyType type, String label, byte[] id) {
        AttributeTemplate template = new AttributeTemplate()
                .ulong(Pkcs11Library.CKA_CLASS, Pkcs11Library.CKO_PUBLIC_KEY)
                .bool(Pkcs11Library.CKA_TOKEN, true)
                .bool(Pkcs11Library.CKA_PRIVATE, false)
                .bool(Pkcs11Library.CKA_VERIFY, true)
                .text(Pkcs11Library.CKA_LABEL, label)
                .bytes(Pkcs11Library.CKA_ID, id);
        type.describePublicKey(template);
        return template;
    }

    private static AttributeTemplate privateTemplate(String label, byte[] id) {
        return new AttributeTemplate()
                .ulong(Pkcs11Library.CKA_CLASS, Pkcs11Library.CKO_PRIVATE_KEY)
                .bool(Pkcs11Library.CKA_TOKEN, true)
                .bool(Pkcs11Library.CKA_PRIVATE, true)
                .bool(Pkcs11Library.CKA_SENSITIVE, true)
                .bool(Pkcs11Library.CKA_EXTRACTABLE, false)
                .bool(Pkcs11Library.CKA_SIGN, true)
                .text(Pkcs11Library.CKA_LABEL, label)
                .bytes(Pkcs11Library.CKA_ID, id);
    }

    private static AttributeTemplate certificateTemplate(X509Certificate certificate, String label, byte[] id)
            throws HsmException {
        try {
            return new AttributeTemplate()
                    .ulong(Pkcs11Library.CKA_CLASS, Pkcs11Library.CKO_CERTIFICATE)
                    .ulong(Pkcs11Library.CKA_CERTIFICATE_TYPE, Pkcs11Library.CKC_X_509)
                    .bool(Pkcs11Library.CKA_TOKEN, true)
                    .bool(Pkcs11Library.CKA_PRIVATE, false)
                    .text(Pkcs11Library.CKA_LABEL, label)
                    .bytes(Pkcs11Library.CKA_ID, id)
                    .bytes(
                            Pkcs11Library.CKA_SUBJECT,
                            certificate.getSubjectX500Principal().getEncoded())
                    .bytes(
                            Pkcs11Library.CKA_ISSUER,
                            certificate.getIssuerX500Principal().getEncoded())
                    .bytes(Pkcs11Library.CKA_SERIAL_NUMBER, new ASN1Integer(certificate.getSerialNumber()).getEncoded())
                    .bytes(Pkcs11Library.CKA_VALUE, encoded(certificate));
        } catch (IOException e) {
            throw new HsmException(
                    Kind.BAD_INPUT,
                    "The certificate " + SigningCredential.subject(certificate) + " cannot be encoded.");
        }
    }

    private static byte[] encoded(X509Certificate certificate) throws HsmException {
        try {
            return certificate.getEncoded();
        } catch (CertificateException e) {
            throw new HsmException(
                    Kind.BAD_INPUT,
                    "The certificate " + SigningCredential.subject(certificate) + " cannot be encoded.");
        }
    }

    private static void removeQuietly(TokenSession session, long[] pair) {
        for (long object : pair) {
            try {
                session.destroyObject(object);
            } catch (Pkcs11Failure e) {
                // Reported through the original failure; a leftover half is visible in the key listing.
            }
        }
    }

    private static void requireCommonName(Enrolment enrolment) throws HsmException {
        String commonName = enrolment instanceof SelfSigned selfSigned
                ? selfSigned.commonName()
                : ((Csr) Objects.requireNonNull(enrolment, "enrolment")).commonName();
        if (commonName == null || commonName.isBlank()) {
            throw new HsmException(Kind.BAD_INPUT, "The certificate needs a common name (CN), so no key was made.");
        }
    }

    private static void requireWritable(Path file) throws HsmException {
        Path absolute = file.toAbsolutePath();
        if (Files.exists(absolute)) {
            throw new HsmException(
                    Kind.BAD_INPUT,
                    "The certificate request file " + file + " exists already, so no key was made: choose a new"
                            + " file name.");
        }
        if (!Files.isDirectory(absolute.getParent())) {
            throw new HsmException(
                    Kind.BAD_INPUT,
                    "The folder of the certificate request file " + file + " does not exist, so no key was made.");
        }
    }

    private static X500Name commonName(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    private static byte[] randomId() {
        byte[] id = new byte[GENERATED_ID_BYTES];
        RANDOM.nextBytes(id);
        return id;
    }

    /**
     * Lets Bouncy Castle's certificate and request builders sign with the token key: the bytes to be signed are
     * collected, then signed in one {@code C_Sign}, hashed first in software for ECDSA.
     */
    private static final class TokenContentSigner implements ContentSigner {

        private final TokenSession session;
        private final long privateKey;
        private final KeyType type;
        private final ByteArrayOutputStream toBeSigned = new ByteArrayOutputStream();
        private Pkcs11Failure failure;

        TokenContentSigner(TokenSession session, long privateKey, KeyType type) {
            this.session = session;
            this.privateKey = privateKey;
            this.type = type;
        }

        /** Runs a builder with this signer and reports a token failure the builder could not pass on. */
        <T> T sign(Function<ContentSigner, T> builder) throws Pkcs11Failure {
            toBeSigned.reset();
            failure = null;
            T built = builder.apply(this);
            if (failure != null) {
                throw failure;
            }
            return built;
        }

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return type.certificateSignatureAlgorithm();
        }

        @Override
        public OutputStream getOutputStream() {
            return toBeSigned;
        }

        @Override
        public byte[] getSignature() {
            try {
                if (!type.signsDigest()) {
                    return session.sign(type.certificateSigningMechanism(), privateKey, toBeSigned.toByteArray());
                }
                byte[] digest =
                        MessageDigest.getInstance(type.certificateDigest()).digest(toBeSigned.toByteArray());
                byte[] raw = session.sign(type.certificateSigningMechanism(), privateKey, digest);
                int half = raw.length / 2;
                return new DERSequence(new ASN1Integer[] {
                            new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, 0, half))),
                            new ASN1Integer(new BigInteger(1, Arrays.copyOfRange(raw, half, raw.length)))
                        })
                        .getEncoded();
            } catch (Pkcs11Failure e) {
                failure = e;
                return new byte[0];
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalStateException("The token's signature could not be encoded: " + e.getMessage(), e);
            }
        }
    }
}
