package io.jenkins.plugins.releasegate.core.engine;

import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;

/** Finds one check of one artifact in a gate report, by the artifact's file name. */
final class GatedReports {

    private GatedReports() {}

    static CheckResult check(GateReport report, String fileName, Check check) {
        return report.artifacts().stream()
                .filter(artifact -> artifact.path().endsWith("/" + fileName))
                .findFirst()
                .orElseThrow(() -> new AssertionError("The report has no artifact " + fileName))
                .checks()
                .stream()
                .filter(result -> result.check() == check)
                .findFirst()
                .orElseThrow(() -> new AssertionError("The report has no " + check.id() + " check of " + fileName));
    }
}
