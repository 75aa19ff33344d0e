package io.jenkins.plugins.releasegate.core.report;

import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Severity;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The facts of a check a reader looks for first: the signer, the SBOM's size, the findings per severity. The HTML
 * report and the Jenkins report page both show these lines.
 */
public final class ReportHighlights {

    private ReportHighlights() {}

    /** One short line per fact the check learnt, in the order a reader wants them; unknown facts are left out. */
    public static List<String> of(CheckResult result) {
        Map<String, String> facts = result.facts();
        List<String> lines = new ArrayList<>();
        switch (result.check()) {
            case SIGNATURE -> {
                addIfPresent(lines, "signer ", facts.get("signer"));
                addIfPresent(lines, "certificate sha256 ", facts.get("certificateSha256"));
                addIfPresent(lines, "signed ", facts.get("signingTime"));
            }
            case SBOM -> {
                addIfPresent(lines, "", facts.get("format"));
                addIfPresent(lines, "components: ", facts.get("components"));
                addIfPresent(lines, "bound by ", facts.get("boundBy"));
            }
            case SCAN -> {
                addIfPresent(lines, "tool ", facts.get("tool"));
                addIfPresent(lines, "findings: ", perSeverity(facts));
                addIfPresent(lines, "waived findings: ", facts.get("waivedFindings"));
            }
        }
        return lines;
    }

    private static String perSeverity(Map<String, String> facts) {
        return List.of(Severity.CRITICAL, Severity.HIGH, Severity.MEDIUM, Severity.LOW).stream()
                .filter(severity -> facts.containsKey(severity.id()) && !"0".equals(facts.get(severity.id())))
                .map(severity -> facts.get(severity.id()) + " " + severity.id())
                .collect(Collectors.joining(", "));
    }

    private static void addIfPresent(List<String> lines, String label, String value) {
        if (value != null && !value.isEmpty()) {
            lines.add(label + value);
        }
    }
}
