package io.jenkins.plugins.releasegate.core.verdict;

/**
 * Stable codes for check outcomes. Reports, dashboards and scripts rely on these names, so a code is never renamed
 * or reused for another meaning; new ones are added.
 */
public enum Code {
    // Signature
    SIGNATURE_VALID,
    SIGNATURE_MISSING,
    SIGNATURE_NOT_REQUIRED,
    SIGNATURE_MALFORMED,
    SIGNATURE_UNKNOWN_FORMAT,
    SIGNATURE_FORMAT_NOT_ALLOWED,
    SIGNATURE_UNSUPPORTED,
    SIGNATURE_CONTENT_MISMATCH,
    SIGNATURE_INVALID,
    SIGNATURE_NO_TRUST_ANCHORS,
    SIGNATURE_UNTRUSTED,
    SIGNATURE_CERTIFICATE_NOT_VALID,
    SIGNATURE_NOT_CODE_SIGNING,
    SIGNATURE_WEAK_ALGORITHM,
    SIGNATURE_TIME_INVALID,

    // SBOM
    SBOM_VALID,
    SBOM_MISSING,
    SBOM_NOT_REQUIRED,
    SBOM_MALFORMED,
    SBOM_UNKNOWN_FORMAT,
    SBOM_FORMAT_NOT_ALLOWED,
    SBOM_UNSUPPORTED_VERSION,
    SBOM_SCHEMA_INVALID,
    SBOM_UNSAFE_XML,
    SBOM_NOT_BOUND,
    SBOM_DIGEST_MISMATCH,

    // Scan
    SCAN_PASSED,
    SCAN_MISSING,
    SCAN_NOT_REQUIRED,
    SCAN_MALFORMED,
    SCAN_UNKNOWN_FORMAT,
    SCAN_FORMAT_NOT_ALLOWED,
    SCAN_UNSUPPORTED_VERSION,
    SCAN_FINDINGS_OVER_THRESHOLD,
    SCAN_TOO_OLD,
    SCAN_TIME_UNKNOWN,
    SCAN_DIGEST_MISMATCH,
    /** The scans present do not cover every kind of scan the policy requires. */
    SCAN_KIND_MISSING,
    /** The report says the scan did not finish: no run, no results array, or a failed tool execution. */
    SCAN_INCOMPLETE,

    // Any check
    EVIDENCE_UNREADABLE,
    EVIDENCE_FORMAT_UNSUPPORTED,
    EVIDENCE_TOO_LARGE,
    ARTIFACT_UNREADABLE,
    /** The artifact is a link that leads outside the folder being gated; it was not read. */
    ARTIFACT_UNSAFE_PATH,
    /** The artifact is a FIFO, device or socket rather than a regular file; it was not read. */
    ARTIFACT_NOT_REGULAR,
    /** The artifact changed or disappeared while the gate read it, so no verdict about it holds. */
    ARTIFACT_CHANGED,
    /** An evidence file is a link that leads outside the folder being gated, or no regular file; it was not read. */
    EVIDENCE_UNSAFE_PATH,
    INTERNAL_ERROR,

    // Promotion by signed verdict
    /**
     * No evidence for the check was beside the artifact, but a signed verdict that passed the artifact under this
     * same policy was accepted in its place.
     */
    VERDICT_ACCEPTED
}
