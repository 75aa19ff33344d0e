package io.jenkins.plugins.releasegate.core.report;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportWriterTest {

    private static final String HOSTILE = "dist/<script>alert('x')</script>&<img src=x onerror=alert(1)>.jar";
    private static final String HOSTILE_SIGNER = "CN=\"><iframe src=//evil.example>";

    @TempDir
    Path folder;

    @Test
    void writesOnePageWithoutScriptOrExternalResource() throws Exception {
        String html = html(report());

        assertThat(html).startsWith("<!DOCTYPE html>");
        List<String> tags = java.util.regex.Pattern.compile("<[a-zA-Z][^>]*>")
                .matcher(html)
                .results()
                .map(match -> match.group().toLowerCase())
                .toList();
        assertThat(tags)
                .isNotEmpty()
                .noneMatch(tag -> tag.matches("<(script|iframe|img|link|object|embed)\\b.*"))
                .noneMatch(tag -> tag.contains(" src=") || tag.contains(" href=") || tag.contains(" on"));
        assertThat(html.toLowerCase()).doesNotContain("@import", "url(");
        assertThat(html).contains("default-src 'none'");
    }

    @Test
    void escapesEveryTextThatCameFromInput() throws Exception {
        String html = html(report());

        assertThat(html)
                .contains(
                        "dist/&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&lt;img src=x onerror=alert(1)&gt;.jar")
                .contains("CN=&quot;&gt;&lt;iframe src=//evil.example&gt;")
                .doesNotContain(HOSTILE)
                .doesNotContain(HOSTILE_SIGNER);
    }

    @Test
    void showsStatusesReasonsSignerComponentsFindingsAndExceptions() throws Exception {
        String html = html(report());

        assertThat(html)
                .contains("Release gate <span class=\"verdict fail\">failed</span>")
                .contains("SIGNATURE_VALID", "SBOM_MISSING", "SCAN_FINDINGS_OVER_THRESHOLD")
                .contains("components: 42")
                .contains("findings: 1 critical, 2 high")
                .contains("<code>EX-1</code>", "2027-01-31", "<code>EX-0</code>", "expired: waives nothing");
    }

    @Test
    void rendersInChromiumWithTheTextIntactAndNothingInjected() throws Exception {
        HeadlessChromium chromium = HeadlessChromium.require(folder);
        Path page = Files.writeString(folder.resolve("report.html"), html(report()));

        String dom = chromium.dumpDom(page);
        Path png = chromium.screenshot(page, folder.resolve("report.png"));

        assertThat(dom).contains("<table class=\"gate\">", "SBOM_MISSING", "expired: waives nothing");
        assertThat(dom).contains("&lt;script&gt;alert('x')&lt;/script&gt;&amp;&lt;img src=x onerror=alert(1)&gt;.jar");
        assertThat(dom.toLowerCase()).doesNotContain("<script", "<iframe", "<img");
        assertThat(png).isNotEmptyFile();
        byte[] header = Files.readAllBytes(png);
        assertThat(new String(header, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }

    private static String html(GateReport report) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HtmlReportWriter.write(report, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static GateReport report() {
        CheckResult signature = CheckResult.pass(
                Check.SIGNATURE,
                Code.SIGNATURE_VALID,
                "dist/app.jar.p7s",
                "Signed by " + HOSTILE_SIGNER + ".",
                Map.of("signer", HOSTILE_SIGNER, "certificateSha256", "ab".repeat(32)));
        CheckResult sbom = CheckResult.pass(
                Check.SBOM, Code.SBOM_VALID, "dist/app.jar.cdx.json", "Bound.", Map.of("components", "42"));
        ExceptionUse active =
                new ExceptionUse("EX-1", "finding:CVE-1", "sec@example.com", "SEC-1", LocalDate.of(2027, 1, 31), false);
        ExceptionUse expired =
                new ExceptionUse("EX-0", "scan", "sec@example.com", null, LocalDate.of(2025, 1, 31), true);
        CheckResult scan = new CheckResult(
                Check.SCAN,
                Status.FAIL,
                Code.SCAN_FINDINGS_OVER_THRESHOLD,
                HOSTILE + ".sarif",
                "Too many findings.",
                Map.of("critical", "1", "high", "2", "medium", "0"),
                List.of(new Finding(
                        "CVE-1", Severity.CRITICAL, "security-severity 9.8 on rule CVE-1", "m", "", "EX-1")),
                List.of(active, expired));
        ArtifactReport good =
                new ArtifactReport("dist/app.jar", "12".repeat(32), Verdict.PASS, List.of(signature, sbom, scan));
        ArtifactReport bad = new ArtifactReport(
                HOSTILE,
                "34".repeat(32),
                Verdict.FAIL,
                List.of(signature, CheckResult.missing(Check.SBOM, Code.SBOM_MISSING, "No SBOM was found."), scan));
        return new GateReport(
                Verdict.FAIL,
                false,
                "cd".repeat(32),
                Instant.parse("2026-12-03T10:00:00Z"),
                List.of(good, bad),
                List.of());
    }
}
