package io.jenkins.plugins.releasegate.core.scan;

import static io.jenkins.plugins.releasegate.core.scan.ScanReportFixture.ACTIVE_EXCEPTION;
import static io.jenkins.plugins.releasegate.core.scan.ScanReportFixture.onlyFinding;
import static io.jenkins.plugins.releasegate.core.scan.ScanReportFixture.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import io.jenkins.plugins.releasegate.core.evidence.FindingWaivers;
import io.jenkins.plugins.releasegate.core.evidence.PendingCheck;
import io.jenkins.plugins.releasegate.core.policy.ScanFormat;
import io.jenkins.plugins.releasegate.core.policy.ScanPolicy;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.Finding;
import io.jenkins.plugins.releasegate.core.verdict.Severity;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GrypeVerifierTest {

    @TempDir
    Path folder;

    private ScanReportFixture reports;

    @BeforeEach
    void makeArtifact() {
        reports = new ScanReportFixture(folder, ".grype.json", GrypeVerifier::new);
    }

    // Severity

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "Critical,   CRITICAL, Grype severity Critical",
        "High,       HIGH,     Grype severity High",
        "Medium,     MEDIUM,   Grype severity Medium",
        "Low,        LOW,      Grype severity Low",
        "Negligible, NONE,     'Grype severity Negligible, taken as none'",
        "Unknown,    HIGH,     'Grype severity Unknown, taken as high'"
    })
    void takesGrypesSeverityAsItIs(String word, Severity expected, String source) {
        Finding finding = onlyFinding(reports.verify(report(match("CVE-1", word))));

        assertThat(finding.severity()).isEqualTo(expected);
        assertThat(finding.severitySource()).isEqualTo(source);
    }

    @Test
    void rejectsASeverityGrypeDoesNotWriteAndSaysWhere() {
        CheckResult result = reports.verify(report(match("CVE-1", "Moderate")));

        assertThat(result.code()).isEqualTo(Code.SCAN_MALFORMED);
        assertThat(result.detail())
                .startsWith("app.jar.grype.json is not a valid Grype report: /matches/0/vulnerability/severity: the"
                        + " severity \"Moderate\" is none of Grype's severities Critical, High, Medium, Low, Negligible"
                        + " and Unknown (line ");
    }

    @Test
    void letsNegligibleFindingsFailOnlyAPolicyThatFailsOnNone() {
        CheckResult low = reports.verify(policy(Severity.LOW, null), report(match("CVE-1", "Negligible")));

        assertThat(low.code()).isEqualTo(Code.SCAN_PASSED);
        assertThat(low.facts()).containsEntry("none", "1");
    }

    // Findings

    @Test
    void showsPackageDescriptionFixAndLocationOfAMatch() {
        String match = "{'vulnerability': {'id': 'GHSA-cfh5-3ghh-wfjx', 'severity': 'Medium', 'description':"
                + " 'Improper certificate validation', 'fix': {'versions': ['4.3.5', '4.4'], 'state': 'fixed'}},"
                + " 'artifact': {'name': 'httpclient', 'version': '4.1.1', 'type': 'java-archive',"
                + " 'locations': [{'path': '/app.jar'}, {'path': '/other'}]}}";

        Finding finding = onlyFinding(reports.verify(report(match)));

        assertThat(finding.id()).isEqualTo("GHSA-cfh5-3ghh-wfjx");
        assertThat(finding.message())
                .isEqualTo("httpclient 4.1.1: Improper certificate validation (fixed in 4.3.5, 4.4)");
        assertThat(finding.location()).isEqualTo("/app.jar");
    }

    @Test
    void exceptionNamingARelatedVulnerabilityWaivesTheMatch() {
        String match = "{'vulnerability': {'id': 'GHSA-1', 'severity': 'Critical'},"
                + " 'relatedVulnerabilities': [{'id': 'CVE-A'}]}";

        CheckResult result = reports.verify(
                ScanPolicy.defaults(), ScanReportFixture.waivers(Map.of("CVE-A", ACTIVE_EXCEPTION)), report(match));

        assertThat(result.code()).isEqualTo(Code.SCAN_PASSED);
        assertThat(onlyFinding(result).waivedBy()).isEqualTo("EX-1");
        assertThat(result.facts()).containsEntry("waivedFindings", "1");
    }

    @Test
    void countsMatchesGrypeIgnoredAsSuppressedByTheScanner() {
        String ignored = "'ignoredMatches': [{'vulnerability': {'id': 'CVE-7', 'severity': 'High'},"
                + " 'appliedIgnoreRules': [{'vulnerability': 'CVE-7'}]}]";
        String report = "{'matches': [], " + ignored + ", 'descriptor': {'name': 'grype', 'version': '0.74.0',"
                + " 'timestamp': '2025-05-30T10:00:00Z'}}";

        CheckResult result = reports.verify(report);

        assertThat(result.code()).isEqualTo(Code.SCAN_FINDINGS_OVER_THRESHOLD);
        assertThat(onlyFinding(result).message())
                .isEqualTo("(ignored by Grype under 1 ignore rule, which does not waive it)");
        assertThat(result.facts()).containsEntry("suppressedByScanner", "1");
    }

    @Test
    void failsOnFindingsAtTheThresholdAndNamesThem() {
        CheckResult result =
                reports.verify(report(match("CVE-2", "Critical"), match("CVE-3", "High"), match("CVE-4", "Low")));

        assertThat(result.code()).isEqualTo(Code.SCAN_FINDINGS_OVER_THRESHOLD);
        assertThat(result.detail())
                .isEqualTo("app.jar.grype.json has 2 findings at or above high (1 critical, 1 high): CVE-2, CVE-3, so"
                        + " the scan check fails.");
    }

    @Test
    void rejectsAMatchWithoutVulnerabilityId() {
        CheckResult result = reports.verify(report("{'vulnerability': {'severity': 'High'}}"));

        assertThat(result.code()).isEqualTo(Code.SCAN_MALFORMED);
        assertThat(result.detail()).contains("the match has no vulnerability id");
    }

    // Time

    @Test
    void failsAScanOlderThanTheMaximumAge() {
        CheckResult result = reports.verify(policy(Severity.HIGH, Duration.ofDays(1)), report());

        assertThat(result.code()).isEqualTo(Code.SCAN_TOO_OLD);
        assertThat(result.detail())
                .contains("is a scan from 2025-05-30T14:00:00Z, 46 hours ago, older than the 1 day the policy allows");
    }

    @Test
    void takesAnEmptyTimestampAsNoTime() {
        String report =
                "{'matches': [], 'descriptor': {'name': 'grype', 'version': '[not provided]'," + " 'timestamp': ''}}";

        CheckResult result = reports.verify(policy(Severity.HIGH, Duration.ofDays(7)), report);

        assertThat(result.code()).isEqualTo(Code.SCAN_TIME_UNKNOWN);
        assertThat(result.detail()).contains("(it has no descriptor.timestamp)");
    }

    // Binding

    @Test
    void bindsByTheDigestsOfTheFileGrypeScanned() {
        String source = "'source': {'type': 'file', 'target': {'userInput': 'app.jar', 'path': 'app.jar',"
                + " 'digests': [{'algorithm': 'sha256', 'value': '" + reports.hex(DigestAlgorithm.SHA_256) + "'}],"
                + " 'mimeType': 'application/java-archive'}}";

        PendingCheck pending = reports.read(ScanPolicy.defaults(), FindingWaivers.none(), report(source));
        CheckResult result = pending.complete(reports.digests(pending.digestsNeeded()));

        assertThat(pending.digestsNeeded()).containsExactly(DigestAlgorithm.SHA_256);
        assertThat(result.code()).isEqualTo(Code.SCAN_PASSED);
        assertThat(result.facts())
                .containsEntry("boundBy", "sha256")
                .containsEntry("target", "app.jar")
                .containsEntry("targetType", "file");
    }

    @Test
    void failsWhenTheFileGrypeScannedHasAnotherDigest() {
        String source = "'source': {'type': 'file', 'target': {'userInput': 'other.jar', 'digests':"
                + " [{'algorithm': 'sha256', 'value': '" + "ab".repeat(32) + "'}]}}";

        CheckResult result = reports.verify(report(source));

        assertThat(result.code()).isEqualTo(Code.SCAN_DIGEST_MISMATCH);
        assertThat(result.detail()).contains("states sha256 " + "ab".repeat(32) + " for app.jar, but app.jar has");
    }

    @Test
    void reportsButDoesNotCompareImageIdentities() {
        String source = "'source': {'type': 'image', 'target': {'userInput': 'app:1', 'imageID': 'sha256:"
                + "12".repeat(32) + "', 'manifestDigest': 'sha256:" + "34".repeat(32) + "'}}";

        CheckResult result = reports.verify(report(source));

        assertThat(result.code()).isEqualTo(Code.SCAN_PASSED);
        assertThat(result.facts())
                .containsEntry("imageId", "sha256:" + "12".repeat(32))
                .containsEntry("manifestDigest", "sha256:" + "34".repeat(32))
                .doesNotContainKey("boundBy");
    }

    // Shape and policy

    @Test
    void refusesACycloneDxDocumentThatGrypeWrote() {
        CheckResult result = reports.verify("{'bomFormat': 'CycloneDX', 'specVersion': '1.6', 'vulnerabilities': []}");

        assertThat(result.code()).isEqualTo(Code.SCAN_UNKNOWN_FORMAT);
        assertThat(result.detail())
                .isEqualTo("app.jar.grype.json is a CycloneDX document (as grype -o cyclonedx-json writes it), not a"
                        + " Grype JSON report, so the scan check fails.");
    }

    @Test
    void refusesJsonWithoutMatches() {
        CheckResult result = reports.verify("{'descriptor': {'name': 'grype'}}");

        assertThat(result.code()).isEqualTo(Code.SCAN_UNKNOWN_FORMAT);
        assertThat(result.detail()).contains("has no matches array, so it is not a Grype JSON report");
    }

    @Test
    void takesNullMatchesAsNoMatches() {
        CheckResult result = reports.verify("{'matches': null, 'descriptor': {'name': 'grype', 'version': '0.74.0'}}");

        assertThat(result.code()).isEqualTo(Code.SCAN_PASSED);
        assertThat(result.detail()).isEqualTo("app.jar.grype.json (Grype 0.74.0) reports no findings.");
    }

    @Test
    void rejectsMatchesThatAreNoArray() {
        CheckResult result = reports.verify("{'matches': {}}");

        assertThat(result.code()).isEqualTo(Code.SCAN_MALFORMED);
        assertThat(result.detail()).contains("/matches: the matches is an object, not an array");
    }

    @Test
    void rejectsTextThatIsNotJson() {
        CheckResult result = reports.verify("{'matches': [}");

        assertThat(result.code()).isEqualTo(Code.SCAN_MALFORMED);
        assertThat(result.detail()).startsWith("app.jar.grype.json is not valid JSON: ");
    }

    @Test
    void refusesGrypeWhenThePolicyAcceptsOtherFormatsOnly() {
        CheckResult result = reports.verify(ScanReportFixture.only(ScanFormat.SARIF), report());

        assertThat(result.code()).isEqualTo(Code.SCAN_FORMAT_NOT_ALLOWED);
        assertThat(result.detail()).contains("is a Grype report, but the policy accepts only sarif");
    }

    @Test
    void reportsToolAndTimeAsFacts() {
        CheckResult result = reports.verify(report(match("CVE-1", "Low")));

        assertThat(result.facts())
                .containsEntry("tool", "Grype 0.74.0")
                .containsEntry("toolName", "Grype")
                .containsEntry("scanTime", "2025-05-30T14:00:00Z")
                .containsEntry("findings", "1");
    }

    // Fixtures

    /** A Grype report; arguments that start with a quote are more top-level fields, the others matches. */
    private static String report(String... parts) {
        StringBuilder matches = new StringBuilder();
        StringBuilder fields = new StringBuilder();
        for (String part : parts) {
            if (part.startsWith("'")) {
                fields.append(", ").append(part);
            } else {
                matches.append(matches.length() == 0 ? "" : ",").append(part);
            }
        }
        return "{'matches': [" + matches + "]" + fields + ", 'descriptor': {'name': 'grype', 'version': '0.74.0',"
                + " 'timestamp': '2025-05-30T10:00:00-04:00'}}";
    }

    private static String match(String id, String severity) {
        return "{'vulnerability': {'id': '" + id + "', 'severity': '" + severity + "'}, 'artifact': {'name': 'lib',"
                + " 'version': '1.0', 'locations': [{'path': '/lib.jar'}]}}";
    }
}
