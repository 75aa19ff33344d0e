package io.jenkins.plugins.releasegate.core.scan;

import io.jenkins.plugins.releasegate.core.verdict.Code;

/** Reading a scan report ended before the check could be weighed: the file is not a report the gate reads. */
final class ReportRejection extends Exception {

    private final Code code;

    /**
     * @param reason what is wrong, as the rest of a sentence that starts with the file's name, for example
     *     {@code is empty}
     */
    ReportRejection(Code code, String reason) {
        super(reason, null, false, false);
        this.code = code;
    }

    static ReportRejection malformed(String reason) {
        return new ReportRejection(Code.SCAN_MALFORMED, reason);
    }

    Code code() {
        return code;
    }
}
