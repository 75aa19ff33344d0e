package io.jenkins.plugins.releasegate.core.verdict;

import java.util.Locale;

/** The outcome for an artifact or for a whole release. */
public enum Verdict {
    PASS,
    FAIL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Verdict of(boolean passed) {
        return passed ? PASS : FAIL;
    }
}
