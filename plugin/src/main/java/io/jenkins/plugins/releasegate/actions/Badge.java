package io.jenkins.plugins.releasegate.actions;

import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import io.jenkins.plugins.releasegate.core.verdict.Verdict;

/** The mark a gated build carries in the build history. */
public enum Badge {
    PASSED("passed", "symbol-check"),
    FAILED("failed", "symbol-close-circle"),
    /** The policy only audits: the verdict, whatever it was, did not change the build's result. */
    AUDITED("audited", "symbol-shield-warning");

    private final String word;
    private final String icon;

    Badge(String word, String icon) {
        this.word = word;
        this.icon = icon;
    }

    static Badge of(GateReport report) {
        if (report.audit()) {
            return AUDITED;
        }
        return report.verdict() == Verdict.PASS ? PASSED : FAILED;
    }

    public String getWord() {
        return word;
    }

    public String getIcon() {
        return icon;
    }
}
