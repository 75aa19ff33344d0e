package io.jenkins.plugins.releasegate.core.coverage;

import io.jenkins.plugins.releasegate.core.verdict.ArtifactReport;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.ExceptionUse;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import io.jenkins.plugins.releasegate.core.verdict.Verdict;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/** Gate reports as a build's gate runs leave them, made small for the coverage tests. */
final class Reports {

    static final ExceptionUse EX_1 = new ExceptionUse(
            "EX-1", "signature", "platform-security@example.com", "SEC-1", LocalDate.of(2027, 1, 31), false);

    private Reports() {}

    static GateReport passed(String path, String sha256) {
        return report(false, artifact(path, sha256, pass()));
    }

    static GateReport failed(String path, String sha256) {
        return report(
                false,
                artifact(
                        path,
                        sha256,
                        CheckResult.fail(Check.SIGNATURE, Code.SIGNATURE_MISSING, null, path + " has no signature.")));
    }

    static GateReport waived(String path, String sha256) {
        CheckResult waived = CheckResult.fail(Check.SIGNATURE, Code.SIGNATURE_MISSING, null, "No signature.")
                .withStatus(Status.WAIVED, "Waived by exception EX-1.", List.of(EX_1));
        return report(false, artifact(path, sha256, waived));
    }

    static GateReport audited(String path, String sha256, boolean passed) {
        return report(
                true,
                artifact(
                        path,
                        sha256,
                        passed ? pass() : CheckResult.fail(Check.SBOM, Code.SBOM_MISSING, null, "No SBOM.")));
    }

    private static CheckResult pass() {
        return CheckResult.pass(Check.SIGNATURE, Code.SIGNATURE_VALID, "a.p7s", "Signed.", Map.of());
    }

    private static ArtifactReport artifact(String path, String sha256, CheckResult check) {
        Verdict verdict = check.status().allowsPromotion() ? Verdict.PASS : Verdict.FAIL;
        return new ArtifactReport(path, sha256, verdict, List.of(check));
    }

    private static GateReport report(boolean audit, ArtifactReport artifact) {
        return new GateReport(
                artifact.verdict(),
                audit,
                "ab".repeat(32),
                Instant.parse("2026-12-01T10:00:00Z"),
                List.of(artifact),
                List.of());
    }
}
