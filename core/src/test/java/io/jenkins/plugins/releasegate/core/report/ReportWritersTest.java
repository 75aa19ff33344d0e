package io.jenkins.plugins.releasegate.core.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class ReportWritersTest {

    private static final String HOSTILE_NAME = "dist/evil\u001b[31m<script>&\".jar";

    @Test
    void jsonCarriesTheFieldsDesignFixes() throws Exception {
        JsonNode json = new ObjectMapper().readTree(json(report(false)));

        assertThat(json.get("schema").asText()).isEqualTo("release-gate/report/v1");
        assertThat(json.get("verdict").asText()).isEqualTo("fail");
        assertThat(json.get("mode").asText()).isEqualTo("enforce");
        assertThat(json.at("/policy/sha256").asText()).isEqualTo("ab".repeat(32));
        JsonNode good = json.at("/artifacts/0");
        assertThat(good.get("path").asText()).isEqualTo("dist/app.jar");
        assertThat(good.get("sha256").asText()).isEqualTo("12".repeat(32));
        assertThat(good.get("verdict").asText()).isEqualTo("pass");
        JsonNode signature = good.at("/checks/0");
        assertThat(signature.get("check").asText()).isEqualTo("signature");
        assertThat(signature.get("status").asText()).isEqualTo("pass");
        assertThat(signature.get("code").asText()).isEqualTo("SIGNATURE_VALID");
        assertThat(signature.get("evidence").asText()).isEqualTo("dist/app.jar.p7s");
        assertThat(signature.at("/facts/signer").asText()).isEqualTo("CN=Release");
        JsonNode scan = good.at("/checks/2");
        assertThat(scan.get("status").asText()).isEqualTo("waived");
        assertThat(scan.at("/findings/0/severitySource").asText()).isEqualTo("security-severity 10.0 on rule X");
        assertThat(scan.at("/exceptions/0/id").asText()).isEqualTo("EX-1");
        assertThat(scan.at("/exceptions/0/expires").asText()).isEqualTo("2027-01-31");
        assertThat(json.at("/artifacts/1/checks/1/evidence").isNull()).isTrue();
    }

    @Test
    void jsonKeepsHostileNamesIntactAndWellFormed() throws Exception {
        JsonNode json = new ObjectMapper().readTree(json(report(false)));

        assertThat(json.at("/artifacts/1/path").asText()).isEqualTo(HOSTILE_NAME);
    }

    @Test
    void junitShowsEachArtifactAsASuiteAndEachFailedCheckAsAFailure() throws Exception {
        Document xml = parse(junit(report(false)));

        assertThat(xml.getElementsByTagName("testsuite").getLength()).isEqualTo(2);
        assertThat(xml.getElementsByTagName("testcase").getLength()).isEqualTo(6);
        assertThat(xml.getElementsByTagName("failure").getLength()).isEqualTo(1);
        assertThat(xml.getDocumentElement().getAttribute("failures")).isEqualTo("1");
        String suiteName =
                ((org.w3c.dom.Element) xml.getElementsByTagName("testsuite").item(1)).getAttribute("name");
        assertThat(suiteName).isEqualTo("dist/evil\\u001b[31m<script>&\".jar");
    }

    @Test
    void junitInAuditModeReportsButDoesNotFail() throws Exception {
        Document xml = parse(junit(report(true)));

        assertThat(xml.getElementsByTagName("failure").getLength()).isZero();
        assertThat(xml.getDocumentElement().getAttribute("failures")).isEqualTo("0");
    }

    @Test
    void textShowsOneLinePerCheckThenTheVerdictWithoutControlCharacters() {
        String text = text(report(false));

        assertThat(text.lines()).hasSize(7);
        assertThat(text.lines().toList().get(0))
                .startsWith("pass     dist/app.jar")
                .contains("signature");
        assertThat(text).contains("MISSING  dist/evil\\u001b[31m<script>&\".jar  sbom");
        assertThat(text).doesNotContain("\u001b");
        assertThat(text.lines().reduce((first, second) -> second).orElseThrow())
                .isEqualTo("Release gate FAILED: 1 of 2 artifacts failed: dist/evil\\u001b[31m<script>&\".jar (sbom"
                        + " missing), 1 check waived.");
    }

    @Test
    void textSaysOnEveryLineThatAnAuditOnlyAudits() {
        String text = text(report(true));

        assertThat(text.lines()).allSatisfy(line -> assertThat(line).startsWith("[audit only] "));
        assertThat(text).contains("Audit only, the release gate would fail");
    }

    @Test
    void withoutColourTheTextHasNoEscapeCodes() {
        StringWriter out = new StringWriter();
        new TextReportWriter(false).write(everyStatus(), new PrintWriter(out));

        assertThat(out.toString())
                .contains("pass ", "waived ", "FAIL ", "MISSING ")
                .doesNotContain("\u001b");
    }

    @Test
    void withColourEachMarkHasTheColourOfItsStatusAndEndsInAReset() {
        StringWriter out = new StringWriter();
        new TextReportWriter(true).write(everyStatus(), new PrintWriter(out));

        assertThat(out.toString().lines().limit(4))
                .containsExactly(
                        "\u001b[32mpass   \u001b[0m  dist/app.jar  signature  Signed by CN=Release.",
                        "\u001b[33mwaived \u001b[0m  dist/app.jar  scan       Waived by exception EX-1.",
                        "\u001b[1m\u001b[31mFAIL   \u001b[0m  dist/app.jar  sbom       The SBOM lists another digest.",
                        "\u001b[1m\u001b[31mMISSING\u001b[0m  dist/app.jar  scan       No scan report was found.");
    }

    @Test
    void colourChangesNothingButTheMarks() {
        StringWriter plain = new StringWriter();
        StringWriter coloured = new StringWriter();
        new TextReportWriter(false).write(report(false), new PrintWriter(plain));
        new TextReportWriter(true).write(report(false), new PrintWriter(coloured));

        assertThat(coloured.toString()).isNotEqualTo(plain.toString());
        assertThat(coloured.toString().replaceAll("\u001b\\[[0-9;]*m", "")).isEqualTo(plain.toString());
    }

    /** One artifact with a check of each status, in the order of the statuses. */
    private static GateReport everyStatus() {
        CheckResult pass = CheckResult.pass(
                Check.SIGNATURE, Code.SIGNATURE_VALID, "dist/app.jar.p7s", "Signed by CN=Release.", Map.of());
        CheckResult waived = new CheckResult(
                Check.SCAN,
                Status.WAIVED,
                Code.SCAN_FINDINGS_OVER_THRESHOLD,
                "dist/app.jar.sarif",
                "Waived by exception EX-1.",
                Map.of(),
                List.of(),
                List.of());
        CheckResult fail = CheckResult.fail(
                Check.SBOM, Code.SBOM_DIGEST_MISMATCH, "dist/app.jar.cdx.json", "The SBOM lists another digest.");
        CheckResult missing = CheckResult.missing(Check.SCAN, Code.SCAN_MISSING, "No scan report was found.");
        ArtifactReport artifact =
                new ArtifactReport("dist/app.jar", "12".repeat(32), Verdict.FAIL, List.of(pass, waived, fail, missing));
        return new GateReport(
                Verdict.FAIL,
                false,
                "ab".repeat(32),
                Instant.parse("2026-12-03T10:00:00Z"),
                List.of(artifact),
                List.of());
    }

    private static GateReport report(boolean audit) {
        CheckResult signature = CheckResult.pass(
                Check.SIGNATURE,
                Code.SIGNATURE_VALID,
                "dist/app.jar.p7s",
                "Signed by CN=Release.",
                Map.of("signer", "CN=Release"));
        CheckResult sbom = CheckResult.pass(Check.SBOM, Code.SBOM_VALID, "dist/app.jar.cdx.json", "Bound.", Map.of());
        Finding finding = new Finding("X", Severity.CRITICAL, "security-severity 10.0 on rule X", "bad", "", null);
        ExceptionUse use = new ExceptionUse("EX-1", "scan", "sec@example.com", null, LocalDate.of(2027, 1, 31), false);
        CheckResult scan = new CheckResult(
                Check.SCAN,
                Status.WAIVED,
                Code.SCAN_FINDINGS_OVER_THRESHOLD,
                "dist/app.jar.sarif",
                "Waived by exception EX-1.",
                Map.of(),
                List.of(finding),
                List.of(use));
        ArtifactReport good =
                new ArtifactReport("dist/app.jar", "12".repeat(32), Verdict.PASS, List.of(signature, sbom, scan));
        ArtifactReport bad = new ArtifactReport(
                HOSTILE_NAME,
                "34".repeat(32),
                Verdict.FAIL,
                List.of(
                        signature,
                        CheckResult.missing(Check.SBOM, Code.SBOM_MISSING, "No SBOM was found."),
                        CheckResult.pass(Check.SCAN, Code.SCAN_PASSED, "x.sarif", "No findings.", Map.of())));
        return new GateReport(
                Verdict.FAIL,
                audit,
                "ab".repeat(32),
                Instant.parse("2026-12-03T10:00:00Z"),
                List.of(good, bad),
                List.of());
    }

    private static String json(GateReport report) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonReportWriter.write(report, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static byte[] junit(GateReport report) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JunitReportWriter.write(report, out);
        return out.toByteArray();
    }

    private static String text(GateReport report) {
        StringWriter out = new StringWriter();
        new TextReportWriter(false).write(report, new PrintWriter(out));
        return out.toString();
    }

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }
}
