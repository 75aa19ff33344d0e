package io.jenkins.plugins.releasegate.core.evidence;

import io.jenkins.plugins.releasegate.core.verdict.Code;

/**
 * Ends the reading or checking of one evidence file at its first failure, carrying the code and the sentence the
 * failed check will report. Verifiers turn it into a failed result; it never leaves the engine as an exception.
 */
public final class EvidenceRejection extends Exception {

    private static final long serialVersionUID = 1L;

    private final Code code;

    public EvidenceRejection(Code code, String detail) {
        // No stack trace: this is an expected outcome, not a fault, and nobody prints it.
        super(detail, null, false, false);
        this.code = code;
    }

    public Code code() {
        return code;
    }

    /** The sentence for the report. */
    public String detail() {
        return getMessage();
    }
}
