package io.jenkins.plugins.releasegate.core.scan;

import io.jenkins.plugins.releasegate.core.verdict.Severity;
import java.util.Locale;
import java.util.Optional;

/**
 * The severity words that Trivy, Grype and Dependency-Check write, taken as they are: {@code CRITICAL}, {@code HIGH},
 * {@code MEDIUM} (and npm's {@code moderate}), {@code LOW} and {@code NONE} are the gate's severities of the same name,
 * in any case. Two words have no counterpart and are given one:
 *
 * <ul>
 *   <li>{@code Negligible} (Grype, from distributions that rate a flaw as not worth fixing) is {@link Severity#NONE},
 *       below low, as Grype itself orders it, so only {@code failOn: none} and waivers concern it;
 *   <li>{@code UNKNOWN} (a vulnerability the database has not rated yet) is {@link Severity#HIGH}: the gate cannot
 *       weigh it, so it fails closed under the default {@code failOn: high} and anything stricter, while a policy that
 *       fails only on critical accepts it. An exception can waive one such finding by its id.
 * </ul>
 *
 * <p>{@code info} and {@code informational} are {@link Severity#NONE}. Any other word is not a severity of these
 * formats, and the report that states it is refused as malformed.
 */
final class ScannerSeverity {

    private ScannerSeverity() {}

    /** The gate's severity for a tool's word, or empty when the word is none the tools write. */
    static Optional<Severity> of(String word) {
        if (word == null) {
            return Optional.empty();
        }
        return switch (word.trim().toLowerCase(Locale.ROOT)) {
            case "critical" -> Optional.of(Severity.CRITICAL);
            case "high", "unknown" -> Optional.of(Severity.HIGH);
            case "medium", "moderate" -> Optional.of(Severity.MEDIUM);
            case "low" -> Optional.of(Severity.LOW);
            case "negligible", "none", "info", "informational" -> Optional.of(Severity.NONE);
            default -> Optional.empty();
        };
    }

    /**
     * How a finding got its severity, for example {@code Trivy severity HIGH}, or {@code Grype severity Negligible,
     * taken as none} where the word is not the gate's own.
     */
    static String source(String stated, String word, Severity severity) {
        String source = stated + " " + word;
        return word.trim().equalsIgnoreCase(severity.id()) ? source : source + ", taken as " + severity.id();
    }
}
