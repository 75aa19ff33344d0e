package io.jenkins.plugins.releasegate.core.verdict;

import java.util.Locale;
import java.util.Optional;

/** Severity of a finding, and the threshold a policy fails on. Ordered from least to most severe. */
public enum Severity {
    NONE,
    LOW,
    MEDIUM,
    HIGH,
    CRITICAL;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean atLeast(Severity other) {
        return compareTo(other) >= 0;
    }

    /** Parses {@code critical}, {@code high}, {@code medium}, {@code low} or {@code none}, in any case. */
    public static Optional<Severity> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        for (Severity severity : values()) {
            if (severity.id().equals(text.trim().toLowerCase(Locale.ROOT))) {
                return Optional.of(severity);
            }
        }
        return Optional.empty();
    }

    /**
     * Maps a CVSS score as SARIF's {@code security-severity} carries it: 9.0 and up critical, 7.0 high, 4.0 medium,
     * above 0 low, 0 none.
     */
    public static Severity fromCvss(double score) {
        if (score >= 9.0) {
            return CRITICAL;
        }
        if (score >= 7.0) {
            return HIGH;
        }
        if (score >= 4.0) {
            return MEDIUM;
        }
        return score > 0 ? LOW : NONE;
    }
}
