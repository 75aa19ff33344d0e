package io.jenkins.plugins.releasegate.core.hsm;

import io.jenkins.plugins.releasegate.core.hsm.HsmException.Kind;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The key pairs the engine makes on a token, by the names a person types: {@code ec-p256}, {@code ec-p384} and
 * {@code rsa-3072}.
 */
public enum KeyType {
    EC_P256("ec-p256", KeyDescription.P256, 0),
    EC_P384("ec-p384", KeyDescription.P384, 0),
    RSA_3072("rsa-3072", null, 3072);

    private static final byte[] RSA_PUBLIC_EXPONENT = BigInteger.valueOf(65537).toByteArray();

    private final String text;
    private final ASN1ObjectIdentifier curve;
    private final int bits;

    KeyType(String text, ASN1ObjectIdentifier curve, int bits) {
        this.text = text;
        this.curve = curve;
        this.bits = bits;
    }

    /** The name a person types, such as {@code ec-p256}. */
    public String text() {
        return text;
    }

    /**
     * The key type a name stands for.
     *
     * @throws HsmException of kind {@link Kind#UNSUPPORTED_KEY_TYPE} listing the names there are
     */
    public static KeyType byName(String name) throws HsmException {
        String wanted = name == null ? "" : name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(type -> type.text.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new HsmException(
                        Kind.UNSUPPORTED_KEY_TYPE,
                        "The key type '" + name + "' is not one the engine makes (ec-p256, ec-p384, rsa-3072), so no"
                                + " key was made."));
    }

    @Override
    public String toString() {
        return text;
    }

    KeyDescription description() {
        return curve == null
                ? new KeyDescription(Pkcs11Library.CKK_RSA, Optional.empty(), bits)
                : new KeyDescription(Pkcs11Library.CKK_EC, Optional.of(curve), 0);
    }

    long generationMechanism() {
        return curve == null ? Pkcs11Library.CKM_RSA_PKCS_KEY_PAIR_GEN : Pkcs11Library.CKM_EC_KEY_PAIR_GEN;
    }

    /** Adds what this type needs to the public half's template: the curve, or the modulus size and exponent. */
    void describePublicKey(AttributeTemplate template) {
        if (curve == null) {
            template.ulong(Pkcs11Library.CKA_MODULUS_BITS, bits);
            template.bytes(Pkcs11Library.CKA_PUBLIC_EXPONENT, RSA_PUBLIC_EXPONENT);
        } else {
            try {
                template.bytes(Pkcs11Library.CKA_EC_PARAMS, curve.getEncoded());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The algorithm the token signs the certificate or request with: SHA-384 for P-384, SHA-256 otherwise. */
    AlgorithmIdentifier certificateSignatureAlgorithm() {
        if (curve == null) {
            return new AlgorithmIdentifier(PKCSObjectIdentifiers.sha256WithRSAEncryption, DERNull.INSTANCE);
        }
        return new AlgorithmIdentifier(
                curve.equals(KeyDescription.P384)
                        ? X9ObjectIdentifiers.ecdsa_with_SHA384
                        : X9ObjectIdentifiers.ecdsa_with_SHA256);
    }

    /** Whether the token is given a digest to sign (ECDSA) rather than the data itself (RSA with SHA-256). */
    boolean signsDigest() {
        return curve != null;
    }

    String certificateDigest() {
        return KeyDescription.P384.equals(curve) ? "SHA-384" : "SHA-256";
    }

    long certificateSigningMechanism() {
        return curve == null ? Pkcs11Library.CKM_SHA256_RSA_PKCS : Pkcs11Library.CKM_ECDSA;
    }
}
