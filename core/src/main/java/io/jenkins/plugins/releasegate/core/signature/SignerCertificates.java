package io.jenkins.plugins.releasegate.core.signature;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.SignerInformationVerifier;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * The certificates that the CMS signatures of one gate carry, each parsed once however many signatures carry it, with
 * the verifier of the signature values its key made. A release signed by one key carries the same certificate in
 * every signature; parsing it once lets the Java runtime keep, within that certificate, the outcome of checking its
 * signature against its issuer's key (as {@link X509Certificate#verify} does for the same key), and making its
 * verifier once converts its public key once, so that Bouncy Castle keeps its precomputed multiples of an EC key's
 * point. Nothing is decided differently: the same bytes make an equal certificate, and every signature value is
 * checked in full.
 *
 * <p>Bounded, so that a gate kept for many runs cannot grow without end; past the bound a certificate is parsed
 * anew each time. Safe for any number of threads.
 */
final class SignerCertificates {

    private static final int MAX_CERTIFICATES = 256;

    private final Supplier<Provider> provider;
    private final ConcurrentMap<ByteBuffer, X509Certificate> parsed = new ConcurrentHashMap<>();
    private final ConcurrentMap<X509Certificate, SignerInformationVerifier> verifiers = new ConcurrentHashMap<>();

    /**
     * @param provider the provider that verifies signature values, asked for when the first verifier is made, so that
     *     making this costs nothing
     */
    SignerCertificates(Supplier<Provider> provider) {
        this.provider = provider;
    }

    /**
     * The certificate a signature carries, parsed by the Java runtime as {@link JcaX509CertificateConverter} would.
     *
     * @throws CertificateException when it cannot be parsed, with the converter's own message
     */
    X509Certificate certificate(X509CertificateHolder holder) throws CertificateException {
        byte[] encoded;
        try {
            encoded = holder.getEncoded();
        } catch (IOException e) {
            // The converter meets the same problem and reports it in its own words.
            return new JcaX509CertificateConverter().getCertificate(holder);
        }
        ByteBuffer key = ByteBuffer.wrap(encoded);
        X509Certificate known = parsed.get(key);
        if (known != null) {
            return known;
        }
        X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(holder);
        if (parsed.size() < MAX_CERTIFICATES) {
            X509Certificate raced = parsed.putIfAbsent(key, certificate);
            return raced != null ? raced : certificate;
        }
        return certificate;
    }

    /**
     * The verifier of signature values made by the certificate's key, built from the bare key: dates, trust and usage
     * are decided elsewhere.
     *
     * @throws OperatorCreationException when no verifier can be built for the key
     */
    SignerInformationVerifier verifier(X509Certificate certificate) throws OperatorCreationException {
        SignerInformationVerifier known = verifiers.get(certificate);
        if (known != null) {
            return known;
        }
        SignerInformationVerifier verifier = new JcaSimpleSignerInfoVerifierBuilder()
                .setProvider(provider.get())
                .build(providerKey(certificate.getPublicKey()));
        if (verifiers.size() < MAX_CERTIFICATES) {
            verifiers.putIfAbsent(certificate, verifier);
        }
        return verifier;
    }

    /**
     * An EC key as the provider's own key class, which it would otherwise convert again for every signature; any
     * other key, or one it cannot convert, as it is, for the provider to take as it always does.
     */
    private PublicKey providerKey(PublicKey key) {
        if (!(key instanceof ECPublicKey)) {
            return key;
        }
        try {
            return (PublicKey) KeyFactory.getInstance("EC", provider.get()).translateKey(key);
        } catch (GeneralSecurityException | RuntimeException e) {
            return key;
        }
    }
}
