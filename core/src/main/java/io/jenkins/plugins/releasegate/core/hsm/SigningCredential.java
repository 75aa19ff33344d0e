package io.jenkins.plugins.releasegate.core.hsm;

import io.jenkins.plugins.releasegate.core.hsm.HsmException.Kind;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * The private key a URI names on a logged-in token, with the certificate beside it and the chain above that
 * certificate, found through the engine's own Cryptoki binding so that each way of not finding them gets its own
 * sentence (SunPKCS11 would only leave the key out of its key store).
 *
 * @param label the key's {@code CKA_LABEL}
 * @param id the key's {@code CKA_ID}, which pairs it with its certificate
 * @param description its type and size
 * @param scheme how it signs
 * @param chain the signer's certificate first, then the certificates the token holds that lead to its issuers, then
 *     the extra ones given
 */
record SigningCredential(
        String label, byte[] id, KeyDescription description, SignatureScheme scheme, List<X509Certificate> chain) {

    private static final int MAX_CHAIN = 10;
    private static final int MIN_RSA_BITS = 2048;

    X509Certificate certificate() {
        return chain.get(0);
    }

    static SigningCredential find(
            TokenSession session, Pkcs11Uri uri, RsaPadding padding, List<X509Certificate> extraChain)
            throws HsmException, Pkcs11Failure {
        TokenSlot slot = session.slot();
        long key = privateKey(session, uri, "so nothing was signed");
        String label = session.textAttribute(key, Pkcs11Library.CKA_LABEL).orElse("");
        byte[] id = session.attribute(key, Pkcs11Library.CKA_ID).orElse(new byte[0]);
        String keyName = "The key " + uri.keyName() + " on " + slot.describe();

        KeyDescription description = KeyDescription.read(session, key);
        SignatureScheme scheme = SignatureScheme.forKey(description, padding)
                .orElseThrow(() -> new HsmException(
                        Kind.UNSUPPORTED_KEY_TYPE,
                        keyName + " is an " + description.text() + " key, which the signer does not support (RSA,"
                                + " EC P-256 and EC P-384 are), so nothing was signed."));
        if (description.isRsa() && description.bits() > 0 && description.bits() < MIN_RSA_BITS) {
            throw new HsmException(
                    Kind.UNSUPPORTED_KEY_TYPE,
                    keyName + " is an " + description.text() + " key, below the " + MIN_RSA_BITS + " bits a"
                            + " verifier accepts, so nothing was signed.");
        }

        if (id.length == 0) {
            throw new HsmException(
                    Kind.KEY_WITHOUT_CERTIFICATE,
                    keyName + " has no CKA_ID, so no certificate can be paired with it and nothing was signed.");
        }
        X509Certificate certificate = certificate(session, key, id, description, keyName);
        List<X509Certificate> chain = chain(certificate, tokenCertificates(session), extraChain);
        return new SigningCredential(label, id, description, scheme, chain);
    }

    /** The one private key the URI names; {@code consequence} ends each sentence, as in "so nothing was signed". */
    static long privateKey(TokenSession session, Pkcs11Uri uri, String consequence) throws HsmException, Pkcs11Failure {
        TokenSlot slot = session.slot();
        if (!uri.namesKey()) {
            throw new HsmException(
                    Kind.KEY_NOT_FOUND,
                    "The URI " + uri + " names no key, " + consequence + ": add object= (the key's label) or id=.");
        }
        List<Long> keys = session.find(Pkcs11Library.CKO_PRIVATE_KEY, uri.object(), uri.id());
        if (keys.size() == 1) {
            return keys.get(0);
        }
        if (keys.isEmpty()) {
            throw new HsmException(
                    Kind.KEY_NOT_FOUND,
                    "There is no private key " + uri.keyName() + " on " + slot.describe() + " (private keys present: "
                            + privateKeyLabels(session) + "), " + consequence + ".");
        }
        List<String> ids = new ArrayList<>();
        for (long key : keys) {
            ids.add(session.attribute(key, Pkcs11Library.CKA_ID)
                    .map(HexFormat.of()::formatHex)
                    .orElse("(none)"));
        }
        throw new HsmException(
                Kind.KEY_NOT_FOUND,
                keys.size() + " private keys on " + slot.describe() + " match " + uri.keyName() + " (ids "
                        + String.join(", ", ids) + "), " + consequence + ": add id= to the URI to choose one.");
    }

    static String privateKeyLabels(TokenSession session) throws Pkcs11Failure {
        Set<String> labels = new LinkedHashSet<>();
        for (long key : session.find(Pkcs11Library.CKO_PRIVATE_KEY, Optional.empty(), Optional.empty())) {
            labels.add("'" + session.textAttribute(key, Pkcs11Library.CKA_LABEL).orElse("") + "'");
        }
        return labels.isEmpty() ? "none" : String.join(", ", labels);
    }

    /**
     * The certificate with the key's id whose public key is the key's. The public key comes from the public key
     * object beside the private one, or from an RSA private key's own modulus; when the token shows neither, the
     * certificate is taken on the id alone, and every signature is checked against it before it is written.
     */
    private static X509Certificate certificate(
            TokenSession session, long key, byte[] id, KeyDescription description, String keyName)
            throws HsmException, Pkcs11Failure {
        List<X509Certificate> candidates = new ArrayList<>();
        for (long object : session.find(Pkcs11Library.CKO_CERTIFICATE, Optional.empty(), Optional.of(id))) {
            session.attribute(object, Pkcs11Library.CKA_VALUE)
                    .flatMap(SigningCredential::parse)
                    .ifPresent(candidates::add);
        }
        if (candidates.isEmpty()) {
            throw new HsmException(
                    Kind.KEY_WITHOUT_CERTIFICATE,
                    keyName + " has no certificate beside it (none with id "
                            + HexFormat.of().formatHex(id)
                            + "), so nothing was signed: import the certificate issued for it, or make the key"
                            + " again with a self-signed certificate.");
        }

        Optional<PublicKey> publicKey = publicKey(session, key, id, description);
        if (publicKey.isEmpty()) {
            return candidates.get(0);
        }
        byte[] expected = publicKey.get().getEncoded();
        return candidates.stream()
                .filter(candidate -> Arrays.equals(candidate.getPublicKey().getEncoded(), expected))
                .findFirst()
                .orElseThrow(() -> new HsmException(
                        Kind.CERTIFICATE_MISMATCH,
                        keyName + " has a certificate beside it (" + subject(candidates.get(0))
                                + ") whose public key is not the key's, so nothing was signed."));
    }

    static Optional<PublicKey> publicKey(TokenSession session, long privateKey, byte[] id, KeyDescription description)
            throws Pkcs11Failure {
        for (long object : session.find(Pkcs11Library.CKO_PUBLIC_KEY, Optional.empty(), Optional.of(id))) {
            Optional<PublicKey> key = KeyDescription.publicKey(session, object, description);
            if (key.isPresent()) {
                return key;
            }
        }
        return description.isRsa() ? KeyDescription.publicKey(session, privateKey, description) : Optional.empty();
    }

    private static List<X509Certificate> tokenCertificates(TokenSession session) throws Pkcs11Failure {
        List<X509Certificate> certificates = new ArrayList<>();
        for (long object : session.find(Pkcs11Library.CKO_CERTIFICATE, Optional.empty(), Optional.empty())) {
            session.attribute(object, Pkcs11Library.CKA_VALUE)
                    .flatMap(SigningCredential::parse)
                    .ifPresent(certificates::add);
        }
        return certificates;
    }

    /** The signer, then its issuers as far as the token's certificates reach, then the extra certificates. */
    static List<X509Certificate> chain(
            X509Certificate signer, List<X509Certificate> pool, List<X509Certificate> extraChain) {
        Set<X509Certificate> chain = new LinkedHashSet<>();
        chain.add(signer);
        X509Certificate current = signer;
        while (chain.size() < MAX_CHAIN && !isSelfIssued(current)) {
            Optional<X509Certificate> issuer = issuerOf(current, pool);
            if (issuer.isEmpty() || !chain.add(issuer.get())) {
                break;
            }
            current = issuer.get();
        }
        chain.addAll(extraChain);
        return List.copyOf(chain);
    }

    private static Optional<X509Certificate> issuerOf(X509Certificate child, List<X509Certificate> pool) {
        return pool.stream()
                .filter(candidate -> candidate.getSubjectX500Principal().equals(child.getIssuerX500Principal()))
                .filter(candidate -> {
                    try {
                        child.verify(candidate.getPublicKey());
                        return true;
                    } catch (GeneralSecurityException | RuntimeException e) {
                        return false;
                    }
                })
                .findFirst();
    }

    private static boolean isSelfIssued(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal());
    }

    private static Optional<X509Certificate> parse(byte[] der) {
        try {
            return Optional.of((X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der)));
        } catch (GeneralSecurityException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static String subject(X509Certificate certificate) {
        return certificate.getSubjectX500Principal().getName(X500Principal.RFC2253);
    }
}
