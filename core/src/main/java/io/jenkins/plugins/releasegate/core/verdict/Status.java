package io.jenkins.plugins.releasegate.core.verdict;

import java.util.Locale;

/** How one check ended for one artifact. */
public enum Status {
    PASS,
    FAIL,
    MISSING,
    WAIVED;

    /** The name used in reports, for example {@code missing}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether an artifact with this status on a required check may still be promoted. */
    public boolean allowsPromotion() {
        return this == PASS || this == WAIVED;
    }
}
