package io.jenkins.plugins.releasegate.core.sbom;

import io.jenkins.plugins.releasegate.core.verdict.Code;

/** Why a document cannot serve as an SBOM, as the code and sentence the failed check will carry. */
final class SbomRejection extends Exception {

    private static final long serialVersionUID = 1L;

    private final Code code;

    SbomRejection(Code code, String detail) {
        super(detail, null, false, false);
        this.code = code;
    }

    Code code() {
        return code;
    }

    String detail() {
        return getMessage();
    }
}
