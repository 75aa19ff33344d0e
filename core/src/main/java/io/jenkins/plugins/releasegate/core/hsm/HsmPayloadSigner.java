package io.jenkins.plugins.releasegate.core.hsm;

import io.jenkins.plugins.releasegate.core.attest.KeyFileSigner;
import io.jenkins.plugins.releasegate.core.attest.PayloadSigner;
import java.security.GeneralSecurityException;

/**
 * Signs DSSE envelopes (signed verdicts) with the key of an open {@link HsmSigner}, so that the verdict key stays in
 * the HSM like the release signing key. The caller keeps the signer open while it signs, and closes it.
 */
public final class HsmPayloadSigner implements PayloadSigner {

    private final HsmSigner signer;
    private final String keyId;

    public HsmPayloadSigner(HsmSigner signer) {
        this.signer = signer;
        this.keyId = KeyFileSigner.keyId(signer.certificate().getPublicKey());
    }

    /** The SHA-256 of the SubjectPublicKeyInfo of the key's certificate, as for a key file. */
    @Override
    public String keyId() {
        return keyId;
    }

    @Override
    public byte[] sign(byte[] message) throws GeneralSecurityException {
        return signer.signMessage(message);
    }

    @Override
    public String toString() {
        return "HSM signer " + keyId;
    }
}
