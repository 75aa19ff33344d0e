package io.jenkins.plugins.releasegate.core.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReportReaderTest {

    private static final String SOURCE = "the gate report of build #7";

    @Test
    void readsBackEveryFieldTheWriterWrote() throws Exception {
        GateReport report = fullReport(false);

        GateReport read = JsonReportReader.read(SOURCE, json(report));

        assertThat(read).isEqualTo(report);
    }

    @Test
    void keepsTheOrderOfFactsAndTheAuditMode() throws Exception {
        GateReport report = fullReport(true);

        GateReport read = JsonReportReader.read(SOURCE, json(report));

        assertThat(read.audit()).isTrue();
        assertThat(read.artifacts().get(0).checks().get(0).facts().keySet())
                .containsExactly("signer", "certificateSha256", "signingTime");
    }

    @Test
    void readsAReportWithoutArtifactsAndWithNullsWhereTheWriterWritesThem() throws Exception {
        CheckResult unreadable = CheckResult.fail(Check.SIGNATURE, Code.ARTIFACT_UNREADABLE, null, "gone.");
        GateReport report = new GateReport(
                Verdict.FAIL,
                false,
                "ab".repeat(32),
                Instant.parse("2026-12-03T18:00:00Z"),
                List.of(new ArtifactReport("gone.jar", null, Verdict.FAIL, List.of(unreadable))),
                List.of());

        assertThat(JsonReportReader.read(SOURCE, json(report))).isEqualTo(report);
    }

    @Test
    void rejectsTextThatIsNotJson() {
        assertThatThrownBy(() -> JsonReportReader.read(SOURCE, "<html>"))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("the gate report of build #7 is not valid JSON (")
                .hasMessageEndingWith("), so it cannot be shown.");
    }

    @Test
    void rejectsEmptyText() {
        assertThatThrownBy(() -> JsonReportReader.read(SOURCE, ""))
                .hasMessage("the gate report of build #7 has no object at its top level, so it is not a gate report"
                        + " and cannot be shown.");
    }

    @Test
    void rejectsAnotherSchema() throws Exception {
        String other = json(fullReport(false)).replace("release-gate/report/v1", "release-gate/report/v9");

        assertThatThrownBy(() -> JsonReportReader.read(SOURCE, other))
                .hasMessage("the gate report of build #7 has the schema \"release-gate/report/v9\", not"
                        + " \"release-gate/report/v1\", so it cannot be shown.");
    }

    @Test
    void namesAMissingFieldByItsPath() throws Exception {
        String withoutDetail = json(fullReport(false)).replaceFirst("\"detail\" : \"[^\"]*\",?", "");

        assertThatThrownBy(() -> JsonReportReader.read(SOURCE, withoutDetail))
                .hasMessage("the gate report of build #7 lacks the field artifacts[0].checks[0].detail, so it cannot"
                        + " be shown.");
    }

    @Test
    void namesAnUnknownStatusAndTheWordsItCouldBe() throws Exception {
        String unknown = json(fullReport(false)).replaceFirst("\"status\" : \"pass\"", "\"status\" : \"maybe\"");

        assertThatThrownBy(() -> JsonReportReader.read(SOURCE, unknown))
                .hasMessage("the gate report of build #7 has maybe at artifacts[0].checks[0].status where one of pass,"
                        + " fail, missing, waived belongs, so it cannot be shown.");
    }

    @Test
    void rejectsAnUnknownCode() throws Exception {
        String unknown = json(fullReport(false)).replaceFirst("SIGNATURE_VALID", "SIGNATURE_GREAT");

        assertThatThrownBy(() -> JsonReportReader.read(SOURCE, unknown))
                .hasMessageContaining("SIGNATURE_GREAT at artifacts[0].checks[0].code where a code this version knows");
    }

    @Test
    void rejectsAnExpiryThatIsNotADate() throws Exception {
        String badDate = json(fullReport(false)).replace("2027-01-31", "end of January");

        assertThatThrownBy(() -> JsonReportReader.read(SOURCE, badDate))
                .hasMessage("the gate report of build #7 has end of January at artifacts[0].checks[2].exceptions[0]"
                        + ".expires where a date such as 2027-01-31 belongs, so it cannot be shown.");
    }

    @Test
    void rejectsAFactThatIsNotText() throws Exception {
        String numeric = json(fullReport(false)).replace("\"components\" : \"2\"", "\"components\" : 2");

        assertThatThrownBy(() -> JsonReportReader.read(SOURCE, numeric))
                .hasMessage("the gate report of build #7 has 2 at artifacts[0].checks[1].facts.components where text"
                        + " belongs, so it cannot be shown.");
    }

    @Test
    void rejectsDeeplyNestedInput() {
        String deep = "[".repeat(10_000) + "]".repeat(10_000);

        assertThatThrownBy(() -> JsonReportReader.read(SOURCE, deep))
                .hasMessageStartingWith("the gate report of build #7 is not valid JSON (");
    }

    static GateReport fullReport(boolean audit) {
        Map<String, String> signerFacts = new LinkedHashMap<>();
        signerFacts.put("signer", "CN=Release, O=Example");
        signerFacts.put("certificateSha256", "cd".repeat(32));
        signerFacts.put("signingTime", "2026-12-01T10:00:00Z");
        CheckResult signature = CheckResult.pass(
                Check.SIGNATURE, Code.SIGNATURE_VALID, "dist/app.jar.p7s", "A valid signature.", signerFacts);
        CheckResult sbom = CheckResult.pass(
                Check.SBOM, Code.SBOM_VALID, "dist/app.jar.cdx.json", "A valid SBOM.", Map.of("components", "2"));
        ExceptionUse waiver = new ExceptionUse(
                "EX-1", "finding:CVE-2021-44228", "sec@example.com", "SEC-1", LocalDate.of(2027, 1, 31), false);
        ExceptionUse expired =
                new ExceptionUse("EX-2", "scan", "sec@example.com", null, LocalDate.of(2020, 1, 1), true);
        CheckResult scan = new CheckResult(
                Check.SCAN,
                Status.WAIVED,
                Code.SCAN_FINDINGS_OVER_THRESHOLD,
                "dist/app.jar.sarif",
                "One critical finding, waived by EX-1 \"quoted\" <b>.",
                Map.of("tool", "Example Scanner", "critical", "1"),
                List.of(
                        new Finding(
                                "CVE-2021-44228",
                                Severity.CRITICAL,
                                "security-severity 10.0 on rule CVE-2021-44228",
                                "Log4Shell",
                                "lib/log4j-core.jar",
                                "EX-1"),
                        new Finding("java/xss", Severity.LOW, "level note", "", "", null)),
                List.of(waiver, expired));
        ArtifactReport passed =
                new ArtifactReport("dist/app.jar", "12".repeat(32), Verdict.PASS, List.of(signature, sbom, scan));
        ArtifactReport failed = new ArtifactReport(
                "dist/tool.jar",
                "34".repeat(32),
                Verdict.FAIL,
                List.of(
                        CheckResult.missing(Check.SIGNATURE, Code.SIGNATURE_MISSING, "No signature was found."),
                        CheckResult.fail(
                                Check.SBOM, Code.SBOM_DIGEST_MISMATCH, "dist/tool.jar.cdx.json", "Another file."),
                        CheckResult.pass(Check.SCAN, Code.SCAN_NOT_REQUIRED, null, "No scan is required.", Map.of())));
        return new GateReport(
                Verdict.FAIL,
                audit,
                "ab".repeat(32),
                Instant.parse("2026-12-03T18:00:00.123Z"),
                List.of(passed, failed),
                List.of("dist/app.jar.p7s was skipped: it is evidence, not an artifact.", "ünïcødé ✓"));
    }

    static String json(GateReport report) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonReportWriter.write(report, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
