package io.jenkins.plugins.releasegate.core.scan;

import static io.jenkins.plugins.releasegate.core.scan.ScanReportFixture.ACTIVE_EXCEPTION;
import static io.jenkins.plugins.releasegate.core.scan.ScanReportFixture.findingById;
import static io.jenkins.plugins.releasegate.core.scan.ScanReportFixture.onlyFinding;
import static io.jenkins.plugins.releasegate.core.scan.ScanReportFixture.policy;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import io.jenkins.plugins.releasegate.core.evidence.ArtifactContext;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.FindingWaivers;
import io.jenkins.plugins.releasegate.core.evidence.PendingCheck;
import io.jenkins.plugins.releasegate.core.policy.ScanFormat;
import io.jenkins.plugins.releasegate.core.policy.ScanPolicy;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.Finding;
import io.jenkins.plugins.releasegate.core.verdict.Severity;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrivyVerifierTest {

    @TempDir
    Path folder;

    private ScanReportFixture reports;

    @BeforeEach
    void makeArtifact() {
        reports = new ScanReportFixture(folder, ".trivy.json", TrivyVerifier::new);
    }

    // Severity

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "CRITICAL, CRITICAL, Trivy severity CRITICAL",
        "HIGH,     HIGH,     Trivy severity HIGH",
        "MEDIUM,   MEDIUM,   Trivy severity MEDIUM",
        "LOW,      LOW,      Trivy severity LOW",
        "UNKNOWN,  HIGH,     'Trivy severity UNKNOWN, taken as high'"
    })
    void takesTrivysSeverityAsItIs(String word, Severity expected, String source) {
        Finding finding = onlyFinding(reports.verify(report(result(vulnerability("CVE-1", word)))));

        assertThat(finding.severity()).isEqualTo(expected);
        assertThat(finding.severitySource()).isEqualTo(source);
    }

    @Test
    void takesAFindingWithoutSeverityAsHigh() {
        Finding finding =
                onlyFinding(reports.verify(report(result("'Vulnerabilities': [{'VulnerabilityID': 'CVE-1'}]"))));

        assertThat(finding.severity()).isEqualTo(Severity.HIGH);
        assertThat(finding.severitySource()).isEqualTo("no Trivy severity, taken as high");
    }

    @Test
    void rejectsASeverityTrivyDoesNotWriteAndSaysWhere() {
        CheckResult result = reports.verify(report(result(vulnerability("CVE-1", "Important"))));

        assertThat(result.code()).isEqualTo(Code.SCAN_MALFORMED);
        assertThat(result.detail())
                .startsWith("app.jar.trivy.json is not a valid Trivy report: /Results/0/Vulnerabilities/0/Severity:"
                        + " the severity \"Important\" is none of Trivy's severities CRITICAL, HIGH, MEDIUM, LOW and"
                        + " UNKNOWN (line ");
    }

    // What counts as a finding

    @Test
    void showsPackageTitleFixAndPathOfAVulnerability() {
        String vulnerability = "{'VulnerabilityID': 'CVE-2022-22965', 'VendorIDs': ['GHSA-36p3-wjmg-h94x'],"
                + " 'PkgName': 'org.springframework:spring-beans', 'InstalledVersion': '5.3.15', 'FixedVersion':"
                + " '5.3.18', 'PkgPath': 'app.jar/BOOT-INF/lib/spring-beans-5.3.15.jar', 'Title': 'Spring4Shell',"
                + " 'Severity': 'CRITICAL'}";

        Finding finding = onlyFinding(reports.verify(report(result("'Vulnerabilities': [" + vulnerability + "]"))));

        assertThat(finding.id()).isEqualTo("CVE-2022-22965");
        assertThat(finding.message())
                .isEqualTo("org.springframework:spring-beans 5.3.15: Spring4Shell (fixed in 5.3.18)");
        assertThat(finding.location()).isEqualTo("app.jar/BOOT-INF/lib/spring-beans-5.3.15.jar");
    }

    @Test
    void locatesAFindingWithoutPathAtItsResultsTargetWhereverTheTargetComes() {
        String result = "{'Vulnerabilities': [" + vulnerability("CVE-1", "LOW") + "], 'Target': 'pom.xml'}";

        assertThat(onlyFinding(reports.verify(report(result))).location()).isEqualTo("pom.xml");
    }

    @Test
    void countsFailedMisconfigurationsButNotPassedOnes() {
        String misconfigurations = "'Misconfigurations': ["
                + "{'ID': 'DS002', 'AVDID': 'AVD-DS-0002', 'Title': 'Image user is root', 'Message': 'Add USER',"
                + " 'Severity': 'HIGH', 'Status': 'FAIL'},"
                + "{'ID': 'DS001', 'Severity': 'MEDIUM', 'Status': 'PASS'}]";

        CheckResult result = reports.verify(report(result(misconfigurations)));

        Finding finding = onlyFinding(result);
        assertThat(finding.id()).isEqualTo("DS002");
        assertThat(finding.message()).isEqualTo("Image user is root: Add USER");
        assertThat(result.code()).isEqualTo(Code.SCAN_FINDINGS_OVER_THRESHOLD);
    }

    @Test
    void countsAMisconfigurationTrivyExceptedAsSuppressedByTheScanner() {
        String misconfigurations =
                "'Misconfigurations': [{'ID': 'DS002', 'Title': 'root', 'Severity': 'HIGH', 'Status': 'EXCEPTION'}]";

        CheckResult result = reports.verify(report(result(misconfigurations)));

        assertThat(result.code()).isEqualTo(Code.SCAN_FINDINGS_OVER_THRESHOLD);
        assertThat(onlyFinding(result).message())
                .isEqualTo("root (set aside by Trivy (excepted by a Trivy policy exception), which does not waive it)");
        assertThat(result.facts()).containsEntry("suppressedByScanner", "1");
    }

    @Test
    void rejectsAnUnknownMisconfigurationStatus() {
        CheckResult result = reports.verify(
                report(result("'Misconfigurations': [{'ID': 'X', 'Severity': 'LOW', 'Status': 'MAYBE'}]")));

        assertThat(result.code()).isEqualTo(Code.SCAN_MALFORMED);
        assertThat(result.detail()).contains("the misconfiguration status \"MAYBE\" is none of Trivy's statuses");
    }

    @Test
    void countsSecretsWithTheirLineButNeverCopiesTheSecret() {
        String secrets = "'Secrets': [{'RuleID': 'aws-access-key-id', 'Title': 'AWS Access Key ID',"
                + " 'Severity': 'CRITICAL', 'StartLine': 4, 'Match': 'AKIA****', 'Code': {'Lines': []}}]";

        Finding finding = onlyFinding(reports.verify(report("{'Target': 'deploy.sh', " + secrets + "}")));

        assertThat(finding.id()).isEqualTo("aws-access-key-id");
        assertThat(finding.location()).isEqualTo("deploy.sh:4");
        assertThat(finding.message()).isEqualTo("AWS Access Key ID").doesNotContain("AKIA");
    }

    @Test
    void countsLicenseFindings() {
        String licenses = "'Licenses': [{'Severity': 'HIGH', 'Category': 'restricted', 'PkgName': 'libfoo',"
                + " 'FilePath': 'lib/libfoo.jar', 'Name': 'GPL-3.0'}]";

        Finding finding = onlyFinding(reports.verify(report(result(licenses))));

        assertThat(finding.id()).isEqualTo("GPL-3.0");
        assertThat(finding.message()).isEqualTo("libfoo is licensed GPL-3.0 (restricted)");
        assertThat(finding.location()).isEqualTo("lib/libfoo.jar");
    }

    @Test
    void countsFindingsTrivySetAsideAsSuppressedByTheScanner() {
        String modified = "'ModifiedFindings': [{'Type': 'vulnerability', 'Status': 'not_affected', 'Statement':"
                + " 'vulnerable_code_not_in_execute_path', 'Source': 'vex.json', 'Finding': "
                + vulnerability("CVE-1", "CRITICAL") + "}]";

        CheckResult result = reports.verify(report(result(modified)));

        assertThat(result.code()).isEqualTo(Code.SCAN_FINDINGS_OVER_THRESHOLD);
        assertThat(onlyFinding(result).message())
                .endsWith("(set aside by Trivy (not_affected: vulnerable_code_not_in_execute_path), which does not"
                        + " waive it)");
    }

    @Test
    void readsASetAsideFindingWhoseFindingComesBeforeItsType() {
        String modified = "'ModifiedFindings': [{'Finding': {'ID': 'DS002', 'Severity': 'LOW', 'Status': 'FAIL'},"
                + " 'Type': 'misconfiguration', 'Status': 'ignored'}]";

        Finding finding = onlyFinding(reports.verify(report(result(modified))));

        assertThat(finding.id()).isEqualTo("DS002");
        assertThat(finding.severity()).isEqualTo(Severity.LOW);
    }

    @Test
    void rejectsASetAsideFindingOfAnUnknownType() {
        String modified = "'ModifiedFindings': [{'Type': 'rumour', 'Finding': {}}]";

        CheckResult result = reports.verify(report(result(modified)));

        assertThat(result.code()).isEqualTo(Code.SCAN_MALFORMED);
        assertThat(result.detail()).contains("the modified finding's Type \"rumour\" is none of");
    }

    // Threshold and waivers

    @Test
    void failsOnFindingsAtTheThresholdAndNamesThem() {
        CheckResult result = reports.verify(report(result(
                vulnerability("CVE-2", "CRITICAL"), vulnerability("CVE-3", "HIGH"), vulnerability("CVE-4", "LOW"))));

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.code()).isEqualTo(Code.SCAN_FINDINGS_OVER_THRESHOLD);
        assertThat(result.detail())
                .isEqualTo("app.jar.trivy.json has 2 findings at or above high (1 critical, 1 high): CVE-2, CVE-3, so"
                        + " the scan check fails.");
    }

    @Test
    void passesFindingsBelowTheThresholdAndNamesTheTool() {
        CheckResult result = reports.verify(report(result(vulnerability("CVE-4", "MEDIUM"))));

        assertThat(result.code()).isEqualTo(Code.SCAN_PASSED);
        assertThat(result.detail())
                .isEqualTo("app.jar.trivy.json (Trivy 0.50.1) reports 1 finding (1 medium); none at or above high.");
    }

    @Test
    void exceptionNamingAVendorIdWaivesTheVulnerability() {
        String vulnerability = "{'VulnerabilityID': 'CVE-9', 'VendorIDs': ['CVE-A'], 'Severity': 'CRITICAL'}";

        CheckResult result = reports.verify(
                ScanPolicy.defaults(),
                ScanReportFixture.waivers(Map.of("CVE-A", ACTIVE_EXCEPTION)),
                report(result("'Vulnerabilities': [" + vulnerability + "]")));

        assertThat(result.code()).isEqualTo(Code.SCAN_PASSED);
        assertThat(onlyFinding(result).waivedBy()).isEqualTo("EX-1");
        assertThat(result.exceptions()).containsExactly(ACTIVE_EXCEPTION);
    }

    // Time

    @Test
    void failsAScanOlderThanTheMaximumAge() {
        CheckResult result = reports.verify(policy(Severity.HIGH, Duration.ofDays(7)), report(result()));

        assertThat(result.code()).isEqualTo(Code.SCAN_TOO_OLD);
        assertThat(result.detail())
                .isEqualTo("app.jar.trivy.json is a scan from 2025-05-20T10:00:00Z, 12 days ago, older than the 7 days"
                        + " the policy allows, so the scan check fails.");
    }

    @Test
    void failsAScanWithoutCreatedAtWhenThePolicyLimitsAge() {
        String report = "{'SchemaVersion': 2, 'ArtifactName': 'app.jar', 'Results': [" + result() + "]}";

        CheckResult result = reports.verify(policy(Severity.HIGH, Duration.ofDays(7)), report);

        assertThat(result.code()).isEqualTo(Code.SCAN_TIME_UNKNOWN);
        assertThat(result.detail()).contains("does not say when the scan ran (it has no CreatedAt)");
    }

    // Binding

    @Test
    void bindsByTheDigestTrivyStatesForThePackageFileNamedLikeTheArtifact() {
        String packages = "'Packages': [{'Name': 'app', 'FilePath': 'build/app.jar', 'Digest': 'sha1:"
                + reports.hex(DigestAlgorithm.SHA_1)
                + "'}, {'Name': 'lib', 'FilePath': 'lib.jar', 'Digest': 'sha1:00'}]";

        PendingCheck pending = reports.read(ScanPolicy.defaults(), FindingWaivers.none(), report(result(packages)));
        CheckResult result = pending.complete(reports.digests(pending.digestsNeeded()));

        assertThat(pending.digestsNeeded()).containsExactly(DigestAlgorithm.SHA_1);
        assertThat(result.code()).isEqualTo(Code.SCAN_PASSED);
        assertThat(result.facts()).containsEntry("boundBy", "sha1 (weak)");
    }

    @Test
    void failsWhenThePackageFileNamedLikeTheArtifactHasAnotherDigest() {
        String packages = "'Packages': [{'FilePath': 'app.jar', 'Digest': 'sha256:" + "ab".repeat(32) + "'}]";

        CheckResult result = reports.verify(report(result(packages)));

        assertThat(result.code()).isEqualTo(Code.SCAN_DIGEST_MISMATCH);
        assertThat(result.detail())
                .isEqualTo("app.jar.trivy.json states sha256 " + "ab".repeat(32) + " for app.jar, but app.jar has"
                        + " sha256 " + reports.hex(DigestAlgorithm.SHA_256) + ", so the scan is not about this"
                        + " artifact and the scan check fails.");
    }

    @Test
    void reportsButDoesNotCompareImageIdentities() {
        String report = "{'SchemaVersion': 2, 'CreatedAt': '2025-05-31T10:00:00Z', 'ArtifactName': 'app.tar',"
                + " 'ArtifactType': 'container_image', 'Metadata': {'ImageID': 'sha256:" + "12".repeat(32) + "',"
                + " 'RepoDigests': ['registry/app@sha256:" + "34".repeat(32) + "']}, 'Results': [" + result() + "]}";

        CheckResult result = reports.verify(report);

        assertThat(result.code()).isEqualTo(Code.SCAN_PASSED);
        assertThat(result.facts())
                .containsEntry("imageId", "sha256:" + "12".repeat(32))
                .containsEntry("repoDigests", "registry/app@sha256:" + "34".repeat(32))
                .containsEntry("targetType", "container_image")
                .doesNotContainKey("boundBy");
    }

    @Test
    void rejectsADigestThatStatesNoAlgorithm() {
        CheckResult result = reports.verify(report(result("'Packages': [{'FilePath': 'app.jar', 'Digest': 'abc'}]")));

        assertThat(result.code()).isEqualTo(Code.SCAN_MALFORMED);
        assertThat(result.detail()).contains("the digest \"abc\" is not written as algorithm:hex");
    }

    // Versions, shapes and completeness

    @Test
    void rejectsAnotherSchemaVersion() {
        CheckResult result = reports.verify("{'SchemaVersion': 3, 'Results': []}");

        assertThat(result.code()).isEqualTo(Code.SCAN_UNSUPPORTED_VERSION);
        assertThat(result.detail())
                .isEqualTo("app.jar.trivy.json states SchemaVersion 3, but the gate reads only Trivy reports"
                        + " of SchemaVersion 2, so the scan check fails.");
    }

    @Test
    void rejectsAReportWithoutSchemaVersion() {
        CheckResult result = reports.verify("{'ArtifactName': 'app.jar', 'Results': []}");

        assertThat(result.code()).isEqualTo(Code.SCAN_UNSUPPORTED_VERSION);
        assertThat(result.detail()).contains("states no SchemaVersion");
    }

    @ParameterizedTest
    @ValueSource(strings = {"null", "[{'Target': 'x', 'Vulnerabilities': null}]"})
    void rejectsLegacyReportsFromBeforeSchemaVersion2(String legacy) {
        CheckResult result = reports.verify(legacy);

        assertThat(result.code()).isEqualTo(Code.SCAN_UNSUPPORTED_VERSION);
        assertThat(result.detail()).contains("is a Trivy report from before SchemaVersion 2");
    }

    @Test
    void rejectsAKubernetesClusterReport() {
        CheckResult result = reports.verify("{'ClusterName': 'prod', 'Vulnerabilities': []}");

        assertThat(result.code()).isEqualTo(Code.SCAN_UNSUPPORTED_VERSION);
        assertThat(result.detail()).contains("is a Trivy Kubernetes cluster report");
    }

    @Test
    void failsAReportThatScannedNothing() {
        CheckResult result = reports.verify("{'SchemaVersion': 2, 'CreatedAt': '2025-05-31T10:00:00Z'}");

        assertThat(result.code()).isEqualTo(Code.SCAN_INCOMPLETE);
        assertThat(result.detail())
                .isEqualTo("app.jar.trivy.json lists no scanned target (its Results are absent or empty): Trivy found"
                        + " nothing it could scan, so the scan check fails.");
    }

    @Test
    void passesAResultWithoutFindings() {
        CheckResult result = reports.verify(report("{'Target': 'app.jar', 'Class': 'lang-pkgs', 'Type': 'jar'}"));

        assertThat(result.code()).isEqualTo(Code.SCAN_PASSED);
        assertThat(result.detail()).isEqualTo("app.jar.trivy.json (Trivy 0.50.1) reports no findings.");
    }

    // Malformed input and policy

    @Test
    void rejectsDuplicateKeys() {
        CheckResult result = reports.verify("{'SchemaVersion': 2, 'SchemaVersion': 2}");

        assertThat(result.code()).isEqualTo(Code.SCAN_MALFORMED);
        assertThat(result.detail()).contains("Duplicate field 'SchemaVersion'");
    }

    @Test
    void rejectsContentAfterTheReport() {
        CheckResult result = reports.verify(report(result()) + " {}");

        assertThat(result.code()).isEqualTo(Code.SCAN_MALFORMED);
        assertThat(result.detail()).contains("the report has more JSON after its end");
    }

    @Test
    void rejectsAnEmptyFile() {
        CheckResult result = reports.verify("");

        assertThat(result.code()).isEqualTo(Code.SCAN_MALFORMED);
        assertThat(result.detail()).isEqualTo("app.jar.trivy.json is empty, so the scan check fails.");
    }

    @Test
    void rejectsResultsThatAreNoArray() {
        CheckResult result = reports.verify("{'SchemaVersion': 2, 'Results': {}}");

        assertThat(result.code()).isEqualTo(Code.SCAN_MALFORMED);
        assertThat(result.detail()).contains("/Results: the Results is an object, not an array");
    }

    @Test
    void refusesTrivyWhenThePolicyAcceptsOtherFormatsOnly() {
        CheckResult result = reports.verify(ScanReportFixture.only(ScanFormat.GRYPE), report(result()));

        assertThat(result.code()).isEqualTo(Code.SCAN_FORMAT_NOT_ALLOWED);
        assertThat(result.detail())
                .isEqualTo("app.jar.trivy.json is a Trivy report, but the policy accepts only grype, so the scan check"
                        + " fails.");
    }

    @Test
    void turnsAFailingWaiverLookupIntoAnInternalError() {
        FindingWaivers broken = id -> {
            throw new IllegalStateException("exception register unavailable");
        };

        CheckResult result =
                reports.verify(ScanPolicy.defaults(), broken, report(result(vulnerability("CVE-1", "LOW"))));

        assertThat(result.code()).isEqualTo(Code.INTERNAL_ERROR);
        assertThat(result.detail()).contains("java.lang.IllegalStateException: exception register unavailable");
    }

    @Test
    void reportsToolTargetAndTimeAsFacts() {
        CheckResult result = reports.verify(report(result(vulnerability("CVE-1", "LOW"))));

        assertThat(result.facts())
                .containsEntry("tool", "Trivy 0.50.1")
                .containsEntry("toolName", "Trivy")
                .containsEntry("findings", "1")
                .containsEntry("low", "1")
                .containsEntry("scanTime", "2025-05-20T10:00:00Z")
                .containsEntry("target", "build/libs/app.jar")
                .containsEntry("targetType", "filesystem");
        assertThat(findingById(result, "CVE-1").severity()).isEqualTo(Severity.LOW);
    }

    @Test
    void oneVerifierServesManyThreadsAtOnce() throws Exception {
        TrivyVerifier verifier = new TrivyVerifier(ScanPolicy.defaults(), ScanReportFixture.CLOCK);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<CheckResult>> results = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String severity = i % 2 == 0 ? "CRITICAL" : "LOW";
                Path file = Files.writeString(
                        folder.resolve("scan-" + i + ".trivy.json"),
                        report(result(vulnerability("CVE-" + i, severity))).replace('\'', '"'));
                EvidenceFile evidence =
                        new EvidenceFile(file, file.getFileName().toString());
                ArtifactContext context = new ArtifactContext("app.jar", "app.jar", FindingWaivers.none());
                results.add(
                        threads.submit(() -> verifier.read(evidence, context).complete(reports.digests(Set.of()))));
            }
            for (int i = 0; i < results.size(); i++) {
                CheckResult result = results.get(i).get();
                assertThat(result.code()).isEqualTo(i % 2 == 0 ? Code.SCAN_FINDINGS_OVER_THRESHOLD : Code.SCAN_PASSED);
                assertThat(onlyFinding(result).id()).isEqualTo("CVE-" + i);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    // Fixtures

    private static String report(String... results) {
        return "{'SchemaVersion': 2, 'CreatedAt': '2025-05-20T10:00:00Z', 'ArtifactName': 'build/libs/app.jar',"
                + " 'ArtifactType': 'filesystem', 'Trivy': {'Version': '0.50.1'}, 'Results': ["
                + String.join(",", results) + "]}";
    }

    private static String result(String... findings) {
        String lists = findings.length == 1 && findings[0].startsWith("'")
                ? findings[0]
                : "'Vulnerabilities': [" + String.join(",", findings) + "]";
        return "{'Target': 'Java', 'Class': 'lang-pkgs', 'Type': 'jar', " + lists + "}";
    }

    private static String vulnerability(String id, String severity) {
        return "{'VulnerabilityID': '" + id + "', 'PkgName': 'lib', 'InstalledVersion': '1.0', 'Severity': '" + severity
                + "'}";
    }
}
