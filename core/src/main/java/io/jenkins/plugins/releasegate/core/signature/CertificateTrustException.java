package io.jenkins.plugins.releasegate.core.signature;

import io.jenkins.plugins.releasegate.core.verdict.Code;

/**
 * A signer certificate that the trust anchors do not vouch for at the time asked about. The message is a clause about
 * the certificate, for example "it expired on 2024-01-31T00:00:00Z", which a verifier puts into its own sentence about
 * the evidence file.
 */
public final class CertificateTrustException extends Exception {

    private static final long serialVersionUID = 1L;

    private final Code code;

    CertificateTrustException(Code code, String reason) {
        super(reason, null, false, false);
        this.code = code;
    }

    /** {@link Code#SIGNATURE_UNTRUSTED} or {@link Code#SIGNATURE_CERTIFICATE_NOT_VALID}. */
    public Code code() {
        return code;
    }
}
