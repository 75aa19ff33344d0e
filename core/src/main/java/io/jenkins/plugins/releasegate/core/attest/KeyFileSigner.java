package io.jenkins.plugins.releasegate.core.attest;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.HexFormat;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Signs with a private key read from an unencrypted PEM file (PKCS#8, or the EC and RSA forms openssl writes), for
 * local use; releases sign through the HSM instead.
 */
public final class KeyFileSigner implements PayloadSigner {

    // A private instance, never registered, so that the JVM's providers (Jenkins shares them) stay as they are.
    private static final java.security.Provider BOUNCY_CASTLE =
            new org.bouncycastle.jce.provider.BouncyCastleProvider();

    private final PrivateKey key;
    private final String algorithm;
    private final String keyId;

    private KeyFileSigner(PrivateKey key, PublicKey publicKey) {
        this.key = key;
        this.algorithm = key instanceof ECPrivateKey ? "SHA256withECDSA" : "SHA256withRSA";
        this.keyId = keyId(publicKey);
    }

    /**
     * Reads the key.
     *
     * @throws IOException with a sentence naming the file when it is missing, encrypted or holds no usable key
     */
    public static KeyFileSigner load(Path file) throws IOException {
        Object parsed;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser pem = new PEMParser(reader)) {
            parsed = pem.readObject();
        } catch (IOException e) {
            throw new IOException(file + " could not be read as a PEM private key: " + e.getMessage(), e);
        }
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try {
            if (parsed instanceof PEMKeyPair pair) {
                return new KeyFileSigner(
                        converter.getPrivateKey(pair.getPrivateKeyInfo()),
                        converter.getPublicKey(pair.getPublicKeyInfo()));
            }
            if (parsed instanceof PrivateKeyInfo info) {
                PrivateKey key = converter.getPrivateKey(info);
                return new KeyFileSigner(key, publicKeyOf(key));
            }
        } catch (GeneralSecurityException | IOException e) {
            throw new IOException(file + " holds a private key that cannot be used: " + e.getMessage(), e);
        }
        throw new IOException(file + " holds no unencrypted EC or RSA private key in PEM.");
    }

    @Override
    public String keyId() {
        return keyId;
    }

    @Override
    public byte[] sign(byte[] message) throws GeneralSecurityException {
        Signature signature = Signature.getInstance(algorithm);
        signature.initSign(key);
        signature.update(message);
        return signature.sign();
    }

    /** The key id DSSE envelopes carry: the SHA-256 of the key's SubjectPublicKeyInfo, in lower-case hex. */
    public static String keyId(PublicKey publicKey) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(publicKey.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private static PublicKey publicKeyOf(PrivateKey key) throws GeneralSecurityException, IOException {
        if (key instanceof RSAPrivateCrtKey rsa) {
            return KeyFactory.getInstance("RSA")
                    .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
        }
        if (key instanceof ECPrivateKey jdkKey) {
            // The public point is d·G on the key's curve; Bouncy Castle computes it, the JDK encodes it with the
            // curve's name, as every other tool does.
            org.bouncycastle.jce.interfaces.ECPrivateKey ec = (org.bouncycastle.jce.interfaces.ECPrivateKey)
                    KeyFactory.getInstance("EC", BOUNCY_CASTLE).translateKey(key);
            org.bouncycastle.math.ec.ECPoint q =
                    ec.getParameters().getG().multiply(ec.getD()).normalize();
            java.security.spec.ECPoint point = new java.security.spec.ECPoint(
                    q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
            return KeyFactory.getInstance("EC")
                    .generatePublic(new java.security.spec.ECPublicKeySpec(point, jdkKey.getParams()));
        }
        throw new GeneralSecurityException("only EC and RSA keys are supported, not " + key.getAlgorithm());
    }

    @Override
    public String toString() {
        return "key file signer " + keyId;
    }
}
