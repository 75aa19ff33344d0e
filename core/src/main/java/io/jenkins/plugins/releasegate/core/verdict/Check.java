package io.jenkins.plugins.releasegate.core.verdict;

import java.util.Locale;

/** The three checks every artifact must pass before promotion. */
public enum Check {
    SIGNATURE,
    SBOM,
    SCAN;

    /** The name used in policies and reports, for example {@code signature}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
