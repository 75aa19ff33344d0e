package io.jenkins.plugins.releasegate.core.attest;

import java.security.GeneralSecurityException;

/** Signs the bytes of a DSSE envelope's pre-authentication encoding; a key file or an HSM key stands behind it. */
public interface PayloadSigner {

    /** An identifier of the key, carried in the envelope so a verifier can pick its key: the SHA-256 of its SPKI. */
    String keyId();

    /** The signature over {@code message}, in the encoding DSSE carries (DER for ECDSA). */
    byte[] sign(byte[] message) throws GeneralSecurityException;
}
