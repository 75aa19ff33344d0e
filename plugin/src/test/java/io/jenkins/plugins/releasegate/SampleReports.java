package io.jenkins.plugins.releasegate;

import io.jenkins.plugins.releasegate.core.report.JsonReportWriter;
import io.jenkins.plugins.releasegate.core.verdict.ArtifactReport;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.ExceptionUse;
import io.jenkins.plugins.releasegate.core.verdict.Finding;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import io.jenkins.plugins.releasegate.core.verdict.Severity;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import io.jenkins.plugins.releasegate.core.verdict.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Gate reports as the engine makes them, for the tests of what the plugin shows. */
public final class SampleReports {

    private SampleReports() {}

    /** One artifact that passes, with a waived finding, and one that fails its SBOM check. */
    public static GateReport mixed(boolean audit) {
        return new GateReport(
                Verdict.FAIL,
                audit,
                "ab".repeat(32),
                Instant.parse("2026-12-03T18:00:00Z"),
                List.of(passing("dist/app.jar"), failing("dist/<tool>.jar")),
                List.of("dist/app.jar.p7s was skipped: it is evidence, not an artifact."));
    }

    public static GateReport allPass(boolean audit) {
        return new GateReport(
                Verdict.PASS,
                audit,
                "ab".repeat(32),
                Instant.parse("2026-12-03T18:00:00Z"),
                List.of(passing("dist/app.jar")),
                List.of());
    }

    public static String json(GateReport report) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            JsonReportWriter.write(report, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static ArtifactReport passing(String path) {
        Map<String, String> signer = new LinkedHashMap<>();
        signer.put("signer", "CN=Release Signer,O=Example");
        signer.put("certificateSha256", "cd".repeat(32));
        Map<String, String> scanFacts = new LinkedHashMap<>();
        scanFacts.put("tool", "Example Scanner 1.0.0");
        scanFacts.put("critical", "0");
        scanFacts.put("high", "1");
        scanFacts.put("medium", "0");
        scanFacts.put("low", "2");
        scanFacts.put("waivedFindings", "1");
        CheckResult scan = new CheckResult(
                Check.SCAN,
                Status.PASS,
                Code.SCAN_PASSED,
                path + ".sarif",
                path + ".sarif reports 3 findings, 1 of them waived; none at or above high that is not waived.",
                scanFacts,
                List.of(new Finding(
                        "CVE-2022-42003",
                        Severity.HIGH,
                        "security-severity 7.5 on rule CVE-2022-42003",
                        "jackson-databind 2.13.3 is affected.",
                        "lib/jackson-databind.jar",
                        "EX-1")),
                List.of(new ExceptionUse(
                        "EX-1",
                        "finding:CVE-2022-42003",
                        "platform-security@example.com",
                        "SEC-1234",
                        LocalDate.of(2099, 12, 31),
                        false)));
        return new ArtifactReport(
                path,
                "12".repeat(32),
                Verdict.PASS,
                List.of(
                        CheckResult.pass(
                                Check.SIGNATURE, Code.SIGNATURE_VALID, path + ".p7s", "A valid signature.", signer),
                        CheckResult.pass(
                                Check.SBOM,
                                Code.SBOM_VALID,
                                path + ".cdx.json",
                                "A valid SBOM.",
                                Map.of("format", "CycloneDX 1.6 JSON", "components", "2")),
                        scan));
    }

    private static ArtifactReport failing(String path) {
        return new ArtifactReport(
                path,
                "34".repeat(32),
                Verdict.FAIL,
                List.of(
                        CheckResult.missing(
                                Check.SIGNATURE, Code.SIGNATURE_MISSING, "No signature was found for " + path + "."),
                        CheckResult.fail(
                                Check.SBOM,
                                Code.SBOM_DIGEST_MISMATCH,
                                path + ".cdx.json",
                                path + ".cdx.json describes another file, so the SBOM check fails."),
                        CheckResult.pass(
                                Check.SCAN, Code.SCAN_NOT_REQUIRED, null, "No scan report is required.", Map.of())));
    }
}
