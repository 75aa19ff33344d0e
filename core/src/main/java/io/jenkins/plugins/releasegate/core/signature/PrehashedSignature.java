package io.jenkins.plugins.releasegate.core.signature;

import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.DigestInfo;

/**
 * Checks a signature over a file against the file's digest alone, so that a raw or Sigstore signature needs no second
 * read of the artifact: ECDSA signs the digest itself, and RSA PKCS#1 v1.5 signs the digest wrapped in a DigestInfo,
 * so the JDK's {@code NONEwithECDSA} and {@code NONEwithRSA} check exactly what {@code SHA256withECDSA} and
 * {@code SHA256withRSA} would have checked over the whole file.
 */
final class PrehashedSignature {

    private PrehashedSignature() {}

    /**
     * Whether {@code signature} (DER for ECDSA, the bare value for RSA) is the key's signature over a file whose digest
     * in {@code algorithm} is {@code digest}. A signature that cannot even be decoded does not verify.
     */
    static boolean verifies(TrustedPublicKey key, DigestAlgorithm algorithm, byte[] digest, byte[] signature) {
        try {
            Signature verifier;
            byte[] signed;
            if (key.key() instanceof ECPublicKey) {
                verifier = Signature.getInstance("NONEwithECDSA");
                signed = digest;
            } else if (key.key() instanceof RSAPublicKey) {
                verifier = Signature.getInstance("NONEwithRSA");
                signed = digestInfo(algorithm, digest);
            } else {
                return false;
            }
            verifier.initVerify(key.key());
            verifier.update(signed);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            // A signature value of the wrong shape for the key is simply not a signature by that key.
            return false;
        }
    }

    private static byte[] digestInfo(DigestAlgorithm algorithm, byte[] digest) throws IOException {
        AlgorithmIdentifier identifier =
                new AlgorithmIdentifier(new ASN1ObjectIdentifier(algorithm.oid()), DERNull.INSTANCE);
        return new DigestInfo(identifier, digest).getEncoded(ASN1Encoding.DER);
    }
}
