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

class DependencyCheckVerifierTest {

    @TempDir
    Path folder;

    private ScanReportFixture reports;

    @BeforeEach
    void makeArtifact() {
        reports = new ScanReportFixture(folder, ".dependency-check.json", DependencyCheckVerifier::new);
    }

    // Severity

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "'severity': 'HIGH', 'cvssv2': {'score': 5.0, 'severity': 'MEDIUM'}, 'cvssv3': {'baseScore': 9.8,"
                        + " 'baseSeverity': 'CRITICAL'} | CRITICAL | Dependency-Check cvssv3 baseSeverity CRITICAL",
                "'cvssv4': {'baseScore': 6.3, 'baseSeverity': 'MEDIUM'}, 'cvssv2': {'score': 9.0, 'severity':"
                        + " 'HIGH'} | MEDIUM | Dependency-Check cvssv4 baseSeverity MEDIUM",
                "'severity': 'CRITICAL', 'cvssv2': {'score': 4.3, 'severity': 'MEDIUM'}"
                        + " | MEDIUM | Dependency-Check cvssv2 severity MEDIUM",
                "'severity': 'moderate' | MEDIUM | 'Dependency-Check severity moderate, taken as medium'",
                "'severity': 'LOW' | LOW | Dependency-Check severity LOW",
                "'severity': 'UNKNOWN' | HIGH | 'Dependency-Check severity UNKNOWN, taken as high'",
                "'cvssv3': {'baseScore': 7.5} | HIGH | Dependency-Check cvssv3 baseScore 7.5",
                "'cvssv3': {'baseScore': 9.1}, 'severity': 'LOW' | LOW | Dependency-Check severity LOW",
                "'description': 'no rating' | HIGH | 'no Dependency-Check severity, taken as high'"
            })
    void takesTheSeverityFromTheBestRatingThereIs(String rating, Severity expected, String source) {
        Finding finding = onlyFinding(reports.verify(report(dependency("lib.jar", vulnerability("CVE-1", rating)))));

        assertThat(finding.severity()).isEqualTo(expected);
        assertThat(finding.severitySource()).isEqualTo(source);
    }

    @Test
    void rejectsASeverityWordThatIsNone() {
        CheckResult result = reports.verify(report(dependency("lib.jar", vulnerability("CVE-1", "'severity': 'Bad'"))));

        assertThat(result.code()).isEqualTo(Code.SCAN_MALFORMED);
        assertThat(result.detail())
                .contains("/dependencies/0/vulnerabilities/0/severity: the severity \"Bad\" is no severity");
    }

    @Test
    void rejectsAScoreOutsideTheCvssScale() {
        CheckResult result =
                reports.verify(report(dependency("lib.jar", vulnerability("CVE-1", "'cvssv3': {'baseScore': 12.5}"))));

        assertThat(result.code()).isEqualTo(Code.SCAN_MALFORMED);
        assertThat(result.detail()).contains("the cvssv3 baseScore the number 12.5 is not a CVSS score from 0 to 10");
    }

    // Findings

    @Test
    void locatesAVulnerabilityAtItsDependencysPathWhereverThePathComes() {
        String dependency = "{'vulnerabilities': [" + vulnerability("CVE-1", "'severity': 'LOW'")
                + "], 'fileName': 'lib.jar', 'filePath': '/home/build/.m2/lib.jar'}";

        Finding finding = onlyFinding(reports.verify(report(dependency)));

        assertThat(finding.location()).isEqualTo("/home/build/.m2/lib.jar");
        assertThat(finding.message()).isEqualTo("A flaw in lib");
    }

    @Test
    void countsSuppressedVulnerabilitiesAsSuppressedByTheScanner() {
        String dependency = "{'fileName': 'lib.jar', 'suppressedVulnerabilities': ["
                + vulnerability("CVE-5", "'severity': 'HIGH'") + "]}";

        CheckResult result = reports.verify(report(dependency));

        assertThat(result.code()).isEqualTo(Code.SCAN_FINDINGS_OVER_THRESHOLD);
        assertThat(onlyFinding(result).message())
                .isEqualTo("A flaw in lib (suppressed by a Dependency-Check suppression file, which does not waive"
                        + " it)");
        assertThat(result.facts()).containsEntry("suppressedByScanner", "1");
    }

    @Test
    void failsOnFindingsAtTheThresholdAndNamesThem() {
        CheckResult result = reports.verify(report(
                dependency("a.jar", vulnerability("CVE-2", "'severity': 'CRITICAL'")),
                dependency("b.jar", vulnerability("CVE-3", "'severity': 'MEDIUM'"))));

        assertThat(result.code()).isEqualTo(Code.SCAN_FINDINGS_OVER_THRESHOLD);
        assertThat(result.detail())
                .isEqualTo("app.jar.dependency-check.json has 1 finding at or above high (1 critical): CVE-2, so the"
                        + " scan check fails.");
    }

    @Test
    void exceptionWaivesAVulnerabilityByName() {
        CheckResult result = reports.verify(
                ScanPolicy.defaults(),
                ScanReportFixture.waivers(Map.of("CVE-A", ACTIVE_EXCEPTION)),
                report(dependency("lib.jar", vulnerability("CVE-A", "'severity': 'CRITICAL'"))));

        assertThat(result.code()).isEqualTo(Code.SCAN_PASSED);
        assertThat(result.detail())
                .isEqualTo("app.jar.dependency-check.json (Dependency-Check 8.0.2) reports 1 finding (1 critical), 1"
                        + " of them waived by exception EX-1 (owner sec@example.com, until 2025-12-31); none at or"
                        + " above high that is not waived.");
    }

    // Completeness, time and version

    @Test
    void failsAReportWhoseAnalysisHadExceptions() {
        String scanInfo = "'scanInfo': {'engineVersion': '5.2.4', 'analysisExceptions': [{'exception': {'message':"
                + " 'Failed to request component-reports', 'stackTrace': ['a', 'b']}}, {'exception': {}}]}";

        CheckResult result = reports.verify(report(scanInfo));

        assertThat(result.code()).isEqualTo(Code.SCAN_INCOMPLETE);
        assertThat(result.detail())
                .isEqualTo("app.jar.dependency-check.json records 2 analysis exceptions (Failed to request"
                        + " component-reports): an analyzer failed and findings may be missing, so the scan check"
                        + " fails.");
        assertThat(result.facts()).containsEntry("toolErrors", "2");
    }

    @Test
    void failsAReportWithoutDependencies() {
        CheckResult result = reports.verify("{'reportSchema': '1.1', 'projectInfo': {'name': 'p'}}");

        assertThat(result.code()).isEqualTo(Code.SCAN_INCOMPLETE);
        assertThat(result.detail()).contains("has no dependencies array");
    }

    @Test
    void failsAScanOlderThanTheMaximumAge() {
        CheckResult result = reports.verify(policy(Severity.HIGH, Duration.ofDays(7)), report());

        assertThat(result.code()).isEqualTo(Code.SCAN_TOO_OLD);
        assertThat(result.detail()).contains("is a scan from 2025-05-02T15:59:49.067Z, 29 days ago");
    }

    @Test
    void failsAScanWithoutReportDateWhenThePolicyLimitsAge() {
        CheckResult result = reports.verify(
                policy(Severity.HIGH, Duration.ofDays(7)), "{'reportSchema': '1.1', 'dependencies': []}");

        assertThat(result.code()).isEqualTo(Code.SCAN_TIME_UNKNOWN);
        assertThat(result.detail()).contains("(it has no projectInfo.reportDate)");
    }

    @Test
    void rejectsAnotherReportSchema() {
        CheckResult result = reports.verify("{'reportSchema': '2.0', 'dependencies': []}");

        assertThat(result.code()).isEqualTo(Code.SCAN_UNSUPPORTED_VERSION);
        assertThat(result.detail())
                .isEqualTo("app.jar.dependency-check.json states reportSchema \"2.0\", but the gate reads only"
                        + " Dependency-Check reports of schema 1.x, so the scan check fails.");
    }

    @Test
    void rejectsAReportWithoutReportSchema() {
        CheckResult result = reports.verify("{'dependencies': []}");

        assertThat(result.code()).isEqualTo(Code.SCAN_UNSUPPORTED_VERSION);
        assertThat(result.detail()).contains("states no reportSchema");
    }

    // Binding

    @Test
    void bindsByTheDigestsOfTheDependencyNamedLikeTheArtifact() {
        String dependency = "{'isVirtual': false, 'fileName': 'app.jar', 'filePath': '/build/app.jar', 'md5': '"
                + reports.hex(DigestAlgorithm.MD5) + "', 'sha1': '" + reports.hex(DigestAlgorithm.SHA_1)
                + "', 'sha256': '" + reports.hex(DigestAlgorithm.SHA_256) + "'}";

        PendingCheck pending = reports.read(
                ScanPolicy.defaults(), FindingWaivers.none(), report(dependency, dependency("lib.jar", "")));
        CheckResult result = pending.complete(reports.digests(pending.digestsNeeded()));

        assertThat(pending.digestsNeeded())
                .containsExactlyInAnyOrder(DigestAlgorithm.MD5, DigestAlgorithm.SHA_1, DigestAlgorithm.SHA_256);
        assertThat(result.code()).isEqualTo(Code.SCAN_PASSED);
        assertThat(result.facts()).containsEntry("boundBy", "md5 (weak), sha1 (weak), sha256");
    }

    @Test
    void failsWhenTheDependencyNamedLikeTheArtifactHasAnotherDigest() {
        String dependency = "{'fileName': 'app.jar', 'sha256': '" + "ab".repeat(32) + "'}";

        CheckResult result = reports.verify(report(dependency));

        assertThat(result.code()).isEqualTo(Code.SCAN_DIGEST_MISMATCH);
        assertThat(result.detail()).contains("states sha256 " + "ab".repeat(32) + " for app.jar, but app.jar has");
    }

    @Test
    void ignoresTheDigestsOfAVirtualDependency() {
        String dependency = "{'isVirtual': true, 'fileName': 'app.jar', 'sha256': '" + "ab".repeat(32) + "'}";

        CheckResult result = reports.verify(report(dependency));

        assertThat(result.code()).isEqualTo(Code.SCAN_PASSED);
        assertThat(result.facts()).doesNotContainKey("boundBy");
    }

    // Malformed input and policy

    @Test
    void rejectsJsonThatIsNotAnObject() {
        CheckResult result = reports.verify("[]");

        assertThat(result.code()).isEqualTo(Code.SCAN_MALFORMED);
        assertThat(result.detail()).contains("is not a Dependency-Check report: its JSON is an array, not an object");
    }

    @Test
    void refusesDependencyCheckWhenThePolicyAcceptsOtherFormatsOnly() {
        CheckResult result = reports.verify(ScanReportFixture.only(ScanFormat.TRIVY), report());

        assertThat(result.code()).isEqualTo(Code.SCAN_FORMAT_NOT_ALLOWED);
        assertThat(result.detail()).contains("is an OWASP Dependency-Check report, but the policy accepts only trivy");
    }

    @Test
    void reportsToolProjectAndTimeAsFacts() {
        CheckResult result = reports.verify(report());

        assertThat(result.facts())
                .containsEntry("tool", "Dependency-Check 8.0.2")
                .containsEntry("toolName", "Dependency-Check")
                .containsEntry("scanTime", "2025-05-02T15:59:49.067Z")
                .containsEntry("reportSchema", "1.1")
                .containsEntry("target", "Multi-Module Example");
    }

    // Fixtures

    /** A report; arguments that start with a quote replace the scan info, the others are dependencies. */
    private static String report(String... parts) {
        String scanInfo = "'scanInfo': {'engineVersion': '8.0.2'}";
        StringBuilder dependencies = new StringBuilder();
        for (String part : parts) {
            if (part.startsWith("'")) {
                scanInfo = part;
            } else {
                dependencies.append(dependencies.length() == 0 ? "" : ",").append(part);
            }
        }
        return "{'reportSchema': '1.1', " + scanInfo + ", 'projectInfo': {'name': 'Multi-Module Example',"
                + " 'reportDate': '2025-05-02T15:59:49.067Z'}, 'dependencies': [" + dependencies + "]}";
    }

    private static String dependency(String fileName, String vulnerabilities) {
        return "{'isVirtual': false, 'fileName': '" + fileName + "', 'vulnerabilities': [" + vulnerabilities + "]}";
    }

    private static String vulnerability(String id, String rating) {
        return "{'source': 'NVD', 'name': '" + id + "', " + rating
                + (rating.contains("description") ? "" : ", 'description': 'A flaw in lib'") + "}";
    }
}
