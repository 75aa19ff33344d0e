package io.jenkins.plugins.releasegate.core.scan;

import io.jenkins.plugins.releasegate.core.verdict.Severity;
import java.util.Optional;

/** SARIF's {@code level} of a result or a rule, and the severity the gate reads from it. */
enum SarifLevel {
    NONE("none", Severity.NONE),
    NOTE("note", Severity.LOW),
    WARNING("warning", Severity.MEDIUM),
    ERROR("error", Severity.HIGH);

    private final String word;
    private final Severity severity;

    SarifLevel(String word, Severity severity) {
        this.word = word;
        this.severity = severity;
    }

    String word() {
        return word;
    }

    Severity severity() {
        return severity;
    }

    /** The level SARIF 2.1.0 defines under this exact word; SARIF words are case-sensitive. */
    static Optional<SarifLevel> byWord(String word) {
        for (SarifLevel level : values()) {
            if (level.word.equals(word)) {
                return Optional.of(level);
            }
        }
        return Optional.empty();
    }
}
