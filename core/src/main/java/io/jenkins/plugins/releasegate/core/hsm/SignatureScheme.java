package io.jenkins.plugins.releasegate.core.hsm;

import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import java.security.spec.AlgorithmParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The signature algorithms the HSM signer uses: the digest is SHA-256 for RSA and EC P-256 keys and SHA-384 for EC
 * P-384 keys, so that the digest is as strong as the curve; RSA signs with PKCS#1 v1.5 or PSS as asked.
 */
enum SignatureScheme {
    RSA_PKCS1_SHA256(
            "SHA256withRSA",
            DigestAlgorithm.SHA_256,
            new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE)),
    RSA_PSS_SHA256("SHA256withRSASSA-PSS", DigestAlgorithm.SHA_256, pssIdentifier()),
    ECDSA_SHA256(
            "SHA256withECDSA", DigestAlgorithm.SHA_256, new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256)),
    ECDSA_SHA384(
            "SHA384withECDSA", DigestAlgorithm.SHA_384, new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA384));

    private static final int PSS_SALT_BYTES = 32;

    private final String jcaName;
    private final DigestAlgorithm digest;
    private final AlgorithmIdentifier identifier;

    SignatureScheme(String jcaName, DigestAlgorithm digest, AlgorithmIdentifier identifier) {
        this.jcaName = jcaName;
        this.digest = digest;
        this.identifier = identifier;
    }

    /** The scheme for a key, or empty for a key type or curve the signer does not support. */
    static Optional<SignatureScheme> forKey(KeyDescription key, RsaPadding padding) {
        if (key.isRsa()) {
            return Optional.of(padding == RsaPadding.PSS ? RSA_PSS_SHA256 : RSA_PKCS1_SHA256);
        }
        if (key.isEc() && key.curve().filter(KeyDescription.P256::equals).isPresent()) {
            return Optional.of(ECDSA_SHA256);
        }
        if (key.isEc() && key.curve().filter(KeyDescription.P384::equals).isPresent()) {
            return Optional.of(ECDSA_SHA384);
        }
        return Optional.empty();
    }

    /** The JCA signature name; SunPKCS11 lets the token hash where it can, else hashes first in software. */
    String jcaName() {
        return jcaName;
    }

    /** The name the JDK's own providers verify this signature by, given {@link #parameters()}. */
    String verificationName() {
        return this == RSA_PSS_SHA256 ? "RSASSA-PSS" : jcaName;
    }

    DigestAlgorithm digest() {
        return digest;
    }

    /** The signatureAlgorithm of the SignerInfo. */
    AlgorithmIdentifier identifier() {
        return identifier;
    }

    /** The digest algorithm identifier, with absent parameters as RFC 5754 prefers for SHA-2. */
    AlgorithmIdentifier digestIdentifier() {
        return new AlgorithmIdentifier(
                digest == DigestAlgorithm.SHA_384 ? NISTObjectIdentifiers.id_sha384 : NISTObjectIdentifiers.id_sha256);
    }

    /** Parameters the JCA signature needs, for PSS only. */
    Optional<AlgorithmParameterSpec> parameters() {
        if (this != RSA_PSS_SHA256) {
            return Optional.empty();
        }
        return Optional.of(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSS_SALT_BYTES, 1));
    }

    private static AlgorithmIdentifier pssIdentifier() {
        AlgorithmIdentifier sha256 = new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256, DERNull.INSTANCE);
        RSASSAPSSparams parameters = new RSASSAPSSparams(
                sha256,
                new AlgorithmIdentifier(PKCSObjectIdentifiers.id_mgf1, sha256),
                new ASN1Integer(PSS_SALT_BYTES),
                RSASSAPSSparams.DEFAULT_TRAILER_FIELD);
        return new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSASSA_PSS, parameters);
    }
}
