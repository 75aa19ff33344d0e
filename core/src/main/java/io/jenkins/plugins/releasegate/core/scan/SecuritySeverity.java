package io.jenkins.plugins.releasegate.core.scan;

import io.jenkins.plugins.releasegate.core.verdict.Severity;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.Optional;

/**
 * A {@code security-severity} property as scanners write it: a CVSS score such as {@code 9.8} or {@code "9.8"}, or,
 * as some Semgrep versions do, a severity word such as {@code "HIGH"}.
 *
 * @param severity the severity the gate gives it
 * @param text the value as the file states it, for reports
 */
record SecuritySeverity(Severity severity, String text) {

    private static final BigDecimal HIGHEST_CVSS = BigDecimal.TEN;

    /** Reads a stated value, or returns empty when it is neither a CVSS score from 0 to 10 nor a severity word. */
    static Optional<SecuritySeverity> parse(String text) {
        String value = text.trim();
        Optional<Severity> byWord = severityWord(value);
        if (byWord.isPresent()) {
            return Optional.of(new SecuritySeverity(byWord.get(), value));
        }
        BigDecimal score;
        try {
            // BigDecimal, unlike Double.parseDouble, refuses NaN, Infinity and type suffixes such as 9f.
            score = new BigDecimal(value);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (score.signum() < 0 || score.compareTo(HIGHEST_CVSS) > 0) {
            return Optional.empty();
        }
        return Optional.of(new SecuritySeverity(Severity.fromCvss(score.doubleValue()), value));
    }

    private static Optional<Severity> severityWord(String value) {
        String word = value.toLowerCase(Locale.ROOT);
        if (word.equals("info") || word.equals("informational")) {
            return Optional.of(Severity.NONE);
        }
        return Severity.parse(word);
    }
}
