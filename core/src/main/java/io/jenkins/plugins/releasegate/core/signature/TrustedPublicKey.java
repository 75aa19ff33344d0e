package io.jenkins.plugins.releasegate.core.signature;

import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import java.security.PublicKey;

/**
 * One public key of a {@link PublicKeySet}.
 *
 * @param key the key
 * @param source the file name it was read from, for reports
 * @param sha256 the SHA-256 of its SubjectPublicKeyInfo DER, in lower-case hex: how reports and Sigstore key hints
 *     name it
 * @param description its type and size, for example {@code ECDSA P-256} or {@code RSA 3072}
 * @param naturalDigest the digest Sigstore signs with for this kind of key: SHA-384 on P-384, SHA-512 on P-521,
 *     SHA-256 otherwise
 */
public record TrustedPublicKey(
        PublicKey key, String source, String sha256, String description, DigestAlgorithm naturalDigest) {

    /** The key as a fact: its file and its short SHA-256. */
    @Override
    public String toString() {
        return source + " (" + description + ", SHA-256 " + sha256.substring(0, 16) + "...)";
    }
}
