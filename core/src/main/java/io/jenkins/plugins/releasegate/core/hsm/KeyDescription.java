package io.jenkins.plugins.releasegate.core.hsm;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * What kind of key a token object is: its {@code CKA_KEY_TYPE}, and its curve or modulus size.
 *
 * @param keyType the {@code CKK_} value
 * @param curve the named curve of an EC key
 * @param bits the modulus size of an RSA key, else 0
 */
record KeyDescription(long keyType, Optional<ASN1ObjectIdentifier> curve, int bits) {

    static final ASN1ObjectIdentifier P256 = new ASN1ObjectIdentifier("1.2.840.10045.3.1.7");
    static final ASN1ObjectIdentifier P384 = new ASN1ObjectIdentifier("1.3.132.0.34");
    static final ASN1ObjectIdentifier P521 = new ASN1ObjectIdentifier("1.3.132.0.35");

    private static final Map<ASN1ObjectIdentifier, String> CURVE_NAMES =
            Map.of(P256, "P-256", P384, "P-384", P521, "P-521");

    /** Reads the description of a key object; attributes the object will not tell leave the size unknown. */
    static KeyDescription read(TokenSession session, long object) throws Pkcs11Failure {
        OptionalLong keyType = session.ulongAttribute(object, Pkcs11Library.CKA_KEY_TYPE);
        if (keyType.isEmpty()) {
            return new KeyDescription(-1, Optional.empty(), 0);
        }
        if (keyType.getAsLong() == Pkcs11Library.CKK_EC) {
            Optional<ASN1ObjectIdentifier> curve =
                    session.attribute(object, Pkcs11Library.CKA_EC_PARAMS).flatMap(KeyDescription::namedCurve);
            return new KeyDescription(Pkcs11Library.CKK_EC, curve, 0);
        }
        if (keyType.getAsLong() == Pkcs11Library.CKK_RSA) {
            OptionalLong bits = session.ulongAttribute(object, Pkcs11Library.CKA_MODULUS_BITS);
            if (bits.isPresent()) {
                return new KeyDescription(Pkcs11Library.CKK_RSA, Optional.empty(), (int) bits.getAsLong());
            }
            int modulusBits = session.attribute(object, Pkcs11Library.CKA_MODULUS)
                    .map(modulus -> new BigInteger(1, modulus).bitLength())
                    .orElse(0);
            return new KeyDescription(Pkcs11Library.CKK_RSA, Optional.empty(), modulusBits);
        }
        return new KeyDescription(keyType.getAsLong(), Optional.empty(), 0);
    }

    boolean isRsa() {
        return keyType == Pkcs11Library.CKK_RSA;
    }

    boolean isEc() {
        return keyType == Pkcs11Library.CKK_EC;
    }

    /** For example "EC P-256", "RSA 3072" or "EdDSA". */
    String text() {
        if (isEc()) {
            return "EC "
                    + curve.map(oid -> CURVE_NAMES.getOrDefault(oid, oid.getId()))
                            .orElse("(curve unknown)");
        }
        if (isRsa()) {
            return bits > 0 ? "RSA " + bits : "RSA";
        }
        if (keyType == Pkcs11Library.CKK_DSA) {
            return "DSA";
        }
        if (keyType == Pkcs11Library.CKK_EC_EDWARDS) {
            return "EdDSA";
        }
        return keyType < 0 ? "unknown key type" : "key type 0x" + Long.toHexString(keyType);
    }

    /** The public key of a public key object, or empty when the token does not give its parts. */
    static Optional<PublicKey> publicKey(TokenSession session, long publicKeyObject, KeyDescription description)
            throws Pkcs11Failure {
        try {
            if (description.isRsa()) {
                Optional<byte[]> modulus = session.attribute(publicKeyObject, Pkcs11Library.CKA_MODULUS);
                Optional<byte[]> exponent = session.attribute(publicKeyObject, Pkcs11Library.CKA_PUBLIC_EXPONENT);
                if (modulus.isEmpty() || exponent.isEmpty()) {
                    return Optional.empty();
                }
                return Optional.of(KeyFactory.getInstance("RSA")
                        .generatePublic(new RSAPublicKeySpec(
                                new BigInteger(1, modulus.get()), new BigInteger(1, exponent.get()))));
            }
            if (description.isEc() && description.curve().isPresent()) {
                Optional<byte[]> point = session.attribute(publicKeyObject, Pkcs11Library.CKA_EC_POINT);
                if (point.isEmpty()) {
                    return Optional.empty();
                }
                SubjectPublicKeyInfo info = new SubjectPublicKeyInfo(
                        new AlgorithmIdentifier(
                                X9ObjectIdentifiers.id_ecPublicKey,
                                description.curve().get()),
                        uncompressedPoint(point.get(), description.curve().get()));
                return Optional.of(
                        KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(info.getEncoded())));
            }
            return Optional.empty();
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * PKCS#11 asks for the point wrapped in a DER OCTET STRING; some modules give it bare, which is told apart by its
     * length, as both start with the byte 04.
     */
    private static byte[] uncompressedPoint(byte[] value, ASN1ObjectIdentifier curve) {
        int fieldBytes = curve.equals(P256) ? 32 : curve.equals(P384) ? 48 : curve.equals(P521) ? 66 : -1;
        if (value.length == 1 + 2 * fieldBytes && value[0] == 0x04) {
            return value;
        }
        return ASN1OctetString.getInstance(value).getOctets();
    }

    private static Optional<ASN1ObjectIdentifier> namedCurve(byte[] parameters) {
        try {
            return Optional.of(ASN1ObjectIdentifier.getInstance(ASN1Primitive.fromByteArray(parameters)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
