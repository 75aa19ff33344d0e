package io.jenkins.plugins.releasegate.core.coverage;

import io.jenkins.plugins.releasegate.core.verdict.ExceptionUse;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import io.jenkins.plugins.releasegate.core.verdict.Verdict;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What the gate decided about one build, judged from every gate run the build made. */
public enum BuildOutcome {
    /** Every enforced gate run passed and nothing was waived. */
    PASSED("gated and passed"),
    /** An enforced gate run failed. */
    FAILED("gated and failed"),
    /** Every enforced gate run passed, at least one only because an exception waived something. */
    WAIVED("waived"),
    /** The build ran the gate only in audit mode, which decides nothing. */
    AUDIT_ONLY("audit only"),
    /** The build never ran the gate. */
    NOT_GATED("not gated");

    private final String label;

    BuildOutcome(String label) {
        this.label = label;
    }

    /** For people, for example {@code gated and passed}. */
    public String label() {
        return label;
    }

    /** For machines, for example {@code not-gated}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether the build ran the gate at all, if only to audit. */
    public boolean ranTheGate() {
        return this != NOT_GATED;
    }

    /** The outcome of a build whose gate runs gave these reports, in any order. */
    public static BuildOutcome of(List<GateReport> reports) {
        List<GateReport> enforced =
                reports.stream().filter(report -> !report.audit()).toList();
        if (reports.isEmpty()) {
            return NOT_GATED;
        }
        if (enforced.isEmpty()) {
            return AUDIT_ONLY;
        }
        if (enforced.stream().anyMatch(report -> report.verdict() == Verdict.FAIL)) {
            return FAILED;
        }
        boolean waived = enforced.stream()
                .flatMap(report -> report.artifacts().stream())
                .flatMap(artifact -> artifact.checks().stream())
                .anyMatch(check -> check.status() == Status.WAIVED || waivedFindings(check.exceptions()));
        return waived ? WAIVED : PASSED;
    }

    /** The exceptions that waived something in the reports, each once, in the order they were first used. */
    public static List<ExceptionUse> exceptionsUsed(List<GateReport> reports) {
        Set<ExceptionUse> used = new LinkedHashSet<>();
        reports.stream()
                .flatMap(report -> report.artifacts().stream())
                .flatMap(artifact -> artifact.checks().stream())
                .flatMap(check -> check.exceptions().stream())
                .filter(use -> !use.expired())
                .forEach(used::add);
        return new ArrayList<>(used);
    }

    private static boolean waivedFindings(List<ExceptionUse> exceptions) {
        return exceptions.stream().anyMatch(use -> !use.expired());
    }
}
