package io.jenkins.plugins.releasegate.core.signature;

import io.jenkins.plugins.releasegate.core.verdict.Code;

/**
 * Ends a signature check at its first failure. Carries the code and the sentence for the report; it never leaves this
 * package as an exception, because verifiers turn it into a failed result.
 */
final class SignatureRejection extends Exception {

    private static final long serialVersionUID = 1L;

    private final Code code;

    SignatureRejection(Code code, String detail) {
        // No stack trace: this is an expected outcome, not a fault, and nobody will ever print it.
        super(detail, null, false, false);
        this.code = code;
    }

    Code code() {
        return code;
    }

    String detail() {
        return getMessage();
    }

    /** A file that is no CMS signature the gate can use; {@code reason} is a clause such as "it is empty". */
    static SignatureRejection malformed(String evidenceName, String reason) {
        return new SignatureRejection(
                Code.SIGNATURE_MALFORMED,
                evidenceName + " is not a usable CMS signature: " + reason + ", so the signature check fails.");
    }
}
