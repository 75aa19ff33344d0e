package io.jenkins.plugins.releasegate.actions;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.SampleReports;
import io.jenkins.plugins.releasegate.core.verdict.ArtifactReport;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import io.jenkins.plugins.releasegate.core.verdict.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportPageTest {

    @Test
    void showsArtifactsAgainstChecksWithStatusCodeReasonAndEvidence() {
        ReportPage page = ReportPage.of(SampleReports.mixed(false));

        assertThat(page.getCheckTitles()).containsExactly("Signature", "SBOM", "Scan");
        assertThat(page.getArtifacts())
                .extracting(ReportPage.ArtifactRow::getPath)
                .containsExactly("dist/app.jar", "dist/<tool>.jar");
        ReportPage.CheckCell sbom = page.getArtifacts().get(1).getChecks().get(1);
        assertThat(sbom.getCheck()).isEqualTo("SBOM");
        assertThat(sbom.getStatus()).isEqualTo("fail");
        assertThat(sbom.getCode()).isEqualTo("SBOM_DIGEST_MISMATCH");
        assertThat(sbom.getEvidence()).isEqualTo("dist/<tool>.jar.cdx.json");
        assertThat(sbom.getDetail()).endsWith("so the SBOM check fails.");
        assertThat(page.getArtifacts().get(1).getChecks().get(0).getEvidence()).isNull();
    }

    @Test
    void highlightsTheSignerTheSbomSizeAndTheFindingsPerSeverity() {
        List<ReportPage.CheckCell> checks =
                ReportPage.of(SampleReports.mixed(false)).getArtifacts().get(0).getChecks();

        assertThat(checks.get(0).getHighlights())
                .containsExactly("signer CN=Release Signer,O=Example", "certificate sha256 " + "cd".repeat(32));
        assertThat(checks.get(1).getHighlights()).containsExactly("CycloneDX 1.6 JSON", "components: 2");
        assertThat(checks.get(2).getHighlights())
                .containsExactly("tool Example Scanner 1.0.0", "findings: 1 high, 2 low", "waived findings: 1");
    }

    @Test
    void listsEachFindingWithTheExceptionThatWaivesIt() {
        ReportPage.CheckCell scan = ReportPage.of(SampleReports.mixed(false))
                .getArtifacts()
                .get(0)
                .getChecks()
                .get(2);

        assertThat(scan.getFindings()).singleElement().satisfies(finding -> {
            assertThat(finding.getId()).isEqualTo("CVE-2022-42003");
            assertThat(finding.getSeverity()).isEqualTo("high");
            assertThat(finding.getSeveritySource()).isEqualTo("security-severity 7.5 on rule CVE-2022-42003");
            assertThat(finding.getWaivedBy()).isEqualTo("EX-1");
            assertThat(finding.getLocation()).isEqualTo("lib/jackson-databind.jar");
        });
    }

    @Test
    void listsEachExceptionOnceWithItsEndDate() {
        ReportPage page = ReportPage.of(SampleReports.mixed(false));

        assertThat(page.getExceptions()).singleElement().satisfies(exception -> {
            assertThat(exception.getId()).isEqualTo("EX-1");
            assertThat(exception.getWaive()).isEqualTo("finding:CVE-2022-42003");
            assertThat(exception.getOwner()).isEqualTo("platform-security@example.com");
            assertThat(exception.getTicket()).isEqualTo("SEC-1234");
            assertThat(exception.getExpires()).isEqualTo("2099-12-31");
            assertThat(exception.isExpired()).isFalse();
        });
    }

    @Test
    void carriesTheSummaryModePolicyDigestTimeAndNotes() {
        ReportPage page = ReportPage.of(SampleReports.mixed(false));

        assertThat(page.getVerdict()).isEqualTo("failed");
        assertThat(page.getSummary()).startsWith("Release gate FAILED: 1 of 2 artifacts failed");
        assertThat(page.getMode()).isEqualTo("enforce");
        assertThat(page.getPolicySha256()).isEqualTo("ab".repeat(32));
        assertThat(page.getTime()).isEqualTo("2026-12-03T18:00:00Z");
        assertThat(page.getNotes()).containsExactly("dist/app.jar.p7s was skipped: it is evidence, not an artifact.");
    }

    @Test
    void showsOnlyTheChecksTheGateRan() {
        GateReport sbomOnly = new GateReport(
                Verdict.PASS,
                false,
                "ab".repeat(32),
                Instant.parse("2026-12-03T18:00:00Z"),
                List.of(new ArtifactReport(
                        "dist/app.jar",
                        "12".repeat(32),
                        Verdict.PASS,
                        List.of(CheckResult.pass(
                                Check.SBOM, Code.SBOM_VALID, "dist/app.jar.cdx.json", "ok.", Map.of())))),
                List.of());

        assertThat(ReportPage.of(sbomOnly).getCheckTitles()).containsExactly("SBOM");
    }
}
