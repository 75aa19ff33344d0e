package io.jenkins.plugins.releasegate.core.report;

import io.jenkins.plugins.releasegate.core.verdict.ArtifactReport;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import io.jenkins.plugins.releasegate.core.verdict.Verdict;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Writes a report for people to read at a glance: one line per artifact and check with its mark and reason, then one
 * summary line. In audit mode every line says that the gate only audits.
 */
public final class TextReportWriter {

    private static final String RESET = "\u001B[0m";
    private static final String RED = "\u001B[31m";
    private static final String GREEN = "\u001B[32m";
    private static final String YELLOW = "\u001B[33m";
    private static final String BOLD = "\u001B[1m";

    private final boolean colour;

    /** @param colour whether to mark statuses with ANSI colours; only for a terminal without {@code NO_COLOR} */
    public TextReportWriter(boolean colour) {
        this.colour = colour;
    }

    public void write(GateReport report, PrintWriter out) {
        String prefix = report.audit() ? "[audit only] " : "";
        int nameWidth = report.artifacts().stream()
                .mapToInt(artifact -> artifact.path().length())
                .max()
                .orElse(0);
        for (ArtifactReport artifact : report.artifacts()) {
            for (CheckResult check : artifact.checks()) {
                out.println(prefix + mark(check.status()) + "  " + pad(artifact.path(), nameWidth) + "  "
                        + pad(check.check().id(), 9) + "  " + TextEscaper.printable(check.detail()));
            }
        }
        for (String note : report.notes()) {
            out.println(prefix + "note     " + TextEscaper.printable(note));
        }
        out.println(prefix + summary(report));
        out.flush();
    }

    /** The one-line verdict, also used by front ends for a build's result description. */
    public static String summary(GateReport report) {
        List<ArtifactReport> failed = report.artifacts().stream()
                .filter(artifact -> artifact.verdict() == Verdict.FAIL)
                .toList();
        long waived = report.artifacts().stream()
                .flatMap(artifact -> artifact.checks().stream())
                .filter(check -> check.status() == Status.WAIVED)
                .count();
        String waivedText = waived == 0 ? "" : ", " + waived + (waived == 1 ? " check" : " checks") + " waived";
        int total = report.artifacts().size();
        if (report.verdict() == Verdict.PASS) {
            return "Release gate passed: " + total + (total == 1 ? " artifact" : " artifacts")
                    + " with a valid signature, SBOM and scan" + waivedText + ".";
        }
        String outcome = report.audit() ? "Audit only, the release gate would fail: " : "Release gate FAILED: ";
        if (total == 0) {
            return outcome + "no artifacts were gated.";
        }
        String names = failed.stream()
                .map(artifact -> TextEscaper.printable(artifact.path()) + " (" + failedChecks(artifact) + ")")
                .collect(Collectors.joining(", "));
        return outcome + failed.size() + " of " + total + (total == 1 ? " artifact" : " artifacts") + " failed: "
                + names + waivedText + ".";
    }

    private static String failedChecks(ArtifactReport artifact) {
        return artifact.checks().stream()
                .filter(check -> !check.status().allowsPromotion())
                .map(check -> check.check().id() + " " + check.status().id())
                .collect(Collectors.joining(", "));
    }

    private String mark(Status status) {
        String word = pad(
                status == Status.PASS || status == Status.WAIVED
                        ? status.id()
                        : status.id().toUpperCase(Locale.ROOT),
                7);
        if (!colour) {
            return word;
        }
        String code = switch (status) {
            case PASS -> GREEN;
            case WAIVED -> YELLOW;
            case FAIL, MISSING -> BOLD + RED;
        };
        return code + word + RESET;
    }

    private static String pad(String text, int width) {
        String printable = TextEscaper.printable(text);
        return printable.length() >= width ? printable : printable + " ".repeat(width - printable.length());
    }
}
