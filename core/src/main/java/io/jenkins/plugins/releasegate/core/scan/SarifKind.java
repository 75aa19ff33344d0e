package io.jenkins.plugins.releasegate.core.scan;

import java.util.Optional;

/** SARIF's {@code kind} of a result: whether it reports a problem at all. */
enum SarifKind {
    FAIL("fail", true),
    REVIEW("review", true),
    OPEN("open", true),
    PASS("pass", false),
    NOT_APPLICABLE("notApplicable", false),
    INFORMATIONAL("informational", false);

    private final String word;
    private final boolean finding;

    SarifKind(String word, boolean finding) {
        this.word = word;
        this.finding = finding;
    }

    String word() {
        return word;
    }

    /** Whether a result of this kind is a finding; a passed or inapplicable check is not. */
    boolean finding() {
        return finding;
    }

    static Optional<SarifKind> byWord(String word) {
        for (SarifKind kind : values()) {
            if (kind.word.equals(word)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
