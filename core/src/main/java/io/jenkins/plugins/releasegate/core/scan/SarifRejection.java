package io.jenkins.plugins.releasegate.core.scan;

import io.jenkins.plugins.releasegate.core.verdict.Code;

/** Reading a SARIF file ended before the check could be weighed: the file is not a SARIF 2.1.0 log the gate reads. */
final class SarifRejection extends Exception {

    private final Code code;

    /**
     * @param reason what is wrong, as the rest of a sentence that starts with the file's name, for example
     *     {@code is empty}
     */
    SarifRejection(Code code, String reason) {
        super(reason, null, false, false);
        this.code = code;
    }

    static SarifRejection malformed(String reason) {
        return new SarifRejection(Code.SCAN_MALFORMED, reason);
    }

    Code code() {
        return code;
    }
}
