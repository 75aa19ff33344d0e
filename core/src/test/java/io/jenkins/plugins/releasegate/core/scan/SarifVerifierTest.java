package io.jenkins.plugins.releasegate.core.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactDigests;
import io.jenkins.plugins.releasegate.core.artifact.ArtifactHasher;
import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import io.jenkins.plugins.releasegate.core.evidence.ArtifactContext;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.FindingWaivers;
import io.jenkins.plugins.releasegate.core.evidence.PendingCheck;
import io.jenkins.plugins.releasegate.core.policy.ScanFormat;
import io.jenkins.plugins.releasegate.core.policy.ScanPolicy;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.ExceptionUse;
import io.jenkins.plugins.releasegate.core.verdict.Finding;
import io.jenkins.plugins.releasegate.core.verdict.Severity;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SarifVerifierTest {

    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String ARTIFACT = "app.jar";

    @TempDir
    Path folder;

    private Path artifact;

    @BeforeEach
    void makeArtifact() throws IOException {
        artifact = Files.writeString(folder.resolve(ARTIFACT), "the artifact's bytes", StandardCharsets.UTF_8);
    }

    // Severity

    @Test
    void takesSeverityFromSecuritySeverityOnTheResult() throws IOException {
        CheckResult result = verify(log(
                driver(rule("R1", "'properties': {'security-severity': '2.0'}")),
                "{'ruleId': 'R1', 'level': 'error', 'properties': {'security-severity': '5.3'},"
                        + " 'message': {'text': 'weak'}}"));

        Finding finding = onlyFinding(result);
        assertThat(finding.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(finding.severitySource()).isEqualTo("security-severity 5.3 on the result");
    }

    @Test
    void takesSeverityFromRuleFoundByRuleIndex() throws IOException {
        String rules = rule("java/xss", "'properties': {'security-severity': '6.1'}") + ","
                + rule("java/sql-injection", "'properties': {'security-severity': '9.8'}");

        CheckResult result = verify(log(driver(rules), "{'ruleIndex': 1, 'message': {'text': 'sql'}}"));

        Finding finding = onlyFinding(result);
        assertThat(finding.id()).isEqualTo("java/sql-injection");
        assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(finding.severitySource()).isEqualTo("security-severity 9.8 on rule java/sql-injection");
    }

    @Test
    void takesSeverityFromRuleFoundByRuleId() throws IOException {
        String rules = rule("A", "'properties': {'security-severity': '3.1'}") + ","
                + rule("B", "'properties': {'security-severity': '7.5'}");

        Finding finding = onlyFinding(verify(log(driver(rules), "{'ruleId': 'B'}")));

        assertThat(finding.severity()).isEqualTo(Severity.HIGH);
        assertThat(finding.severitySource()).isEqualTo("security-severity 7.5 on rule B");
    }

    @Test
    void findsRuleByRuleReferenceIndex() throws IOException {
        String rules = rule("A", "'properties': {'security-severity': '3.1'}") + ","
                + rule("B", "'properties': {'security-severity': '9.1'}");

        Finding finding = onlyFinding(verify(log(driver(rules), "{'rule': {'index': 1}}")));

        assertThat(finding.id()).isEqualTo("B");
        assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void readsSecuritySeverityGivenAsNumberOrString() throws IOException {
        String rules = rule("asNumber", "'properties': {'security-severity': 9.0}") + ","
                + rule("asString", "'properties': {'security-severity': '8.9'}");

        CheckResult result = verify(log(driver(rules), "{'ruleId': 'asNumber'}", "{'ruleId': 'asString'}"));

        assertThat(findingById(result, "asNumber").severity()).isEqualTo(Severity.CRITICAL);
        assertThat(findingById(result, "asString").severity()).isEqualTo(Severity.HIGH);
    }

    @Test
    void readsSeverityWordsThatSemgrepWritesAsSecuritySeverity() throws IOException {
        String rules = rule("eval", "'properties': {'security-severity': 'CRITICAL'}");

        Finding finding = onlyFinding(verify(log(driver(rules), "{'ruleId': 'eval'}")));

        assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(finding.severitySource()).isEqualTo("security-severity CRITICAL on rule eval");
    }

    @Test
    void fallsBackToTheResultsLevelWithoutSecuritySeverity() throws IOException {
        CheckResult result = verify(log(
                driver(rule("R", "'defaultConfiguration': {'level': 'note'}")), "{'ruleId': 'R', 'level': 'error'}"));

        Finding finding = onlyFinding(result);
        assertThat(finding.severity()).isEqualTo(Severity.HIGH);
        assertThat(finding.severitySource()).isEqualTo("level error on the result");
    }

    @Test
    void fallsBackToTheRulesDefaultLevel() throws IOException {
        Finding finding = onlyFinding(
                verify(log(driver(rule("R", "'defaultConfiguration': {'level': 'note'}")), "{'ruleId': 'R'}")));

        assertThat(finding.severity()).isEqualTo(Severity.LOW);
        assertThat(finding.severitySource()).isEqualTo("default level note of rule R");
    }

    @Test
    void fallsBackToSarifsDefaultLevelWarning() throws IOException {
        Finding finding = onlyFinding(verify(log(driver(""), "{'ruleId': 'unknown-rule'}")));

        assertThat(finding.id()).isEqualTo("unknown-rule");
        assertThat(finding.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(finding.severitySource()).isEqualTo("SARIF default level warning");
    }

    @Test
    void givesLevelNoneToAResultOfKindReviewWithoutLevel() throws IOException {
        Finding finding = onlyFinding(verify(log(
                driver(rule("R", "'defaultConfiguration': {'level': 'error'}")), "{'ruleId': 'R', 'kind': 'review'}")));

        assertThat(finding.severity()).isEqualTo(Severity.NONE);
        assertThat(finding.severitySource()).isEqualTo("level none, which SARIF implies for kind review");
    }

    @Test
    void ignoresResultsThatAreNoFindings() throws IOException {
        CheckResult result = verify(log(
                driver(""),
                "{'ruleId': 'P', 'kind': 'pass', 'level': 'error'}",
                "{'ruleId': 'N', 'kind': 'notApplicable'}",
                "{'ruleId': 'I', 'kind': 'informational'}",
                "{'ruleId': 'F', 'level': 'note'}"));

        assertThat(result.findings()).extracting(Finding::id).containsExactly("F");
        assertThat(result.facts()).containsEntry("findings", "1");
    }

    @Test
    void ignoresResultsThatTheCurrentRunNoLongerFinds() throws IOException {
        CheckResult result = verify(log(
                driver(""),
                "{'ruleId': 'fixed', 'level': 'error', 'baselineState': 'absent'}",
                "{'ruleId': 'still-there', 'level': 'error', 'baselineState': 'unchanged'}"));

        assertThat(result.findings()).extracting(Finding::id).containsExactly("still-there");
    }

    @Test
    void namesAFindingWithoutRuleAsSuch() throws IOException {
        Finding finding = onlyFinding(verify(log(driver(""), "{'message': {'text': 'something'}}")));

        assertThat(finding.id()).isEqualTo("(no rule id)");
        assertThat(finding.message()).isEqualTo("something");
    }

    @Test
    void findsRuleOfAnExtensionNamedByToolComponent() throws IOException {
        String tool = "'tool': {'driver': {'name': 'CodeQL', 'rules': []}, 'extensions': ["
                + "{'name': 'codeql/java-queries', 'rules': [" + rule("java/xxe", "") + ","
                + rule("java/zipslip", "'properties': {'security-severity': '7.5'}") + "]}]}";

        Finding finding = onlyFinding(verify(log(tool, "{'rule': {'index': 1, 'toolComponent': {'index': 0}}}")));

        assertThat(finding.id()).isEqualTo("java/zipslip");
        assertThat(finding.severitySource())
                .isEqualTo("security-severity 7.5 on rule java/zipslip of codeql/java-queries");
    }

    @Test
    void findsRuleOfAnExtensionByIdWhenTheDriverLacksIt() throws IOException {
        String tool = "'tool': {'driver': {'name': 'CodeQL'}, 'extensions': [{'name': 'pack', 'rules': ["
                + rule("js/xss", "'properties': {'security-severity': '6.1'}") + "]}]}";

        Finding finding = onlyFinding(verify(log(tool, "{'ruleId': 'js/xss'}")));

        assertThat(finding.severity()).isEqualTo(Severity.MEDIUM);
        assertThat(finding.severitySource()).isEqualTo("security-severity 6.1 on rule js/xss of pack");
    }

    @Test
    void findsTheRuleOfAHierarchicalRuleId() throws IOException {
        Finding finding = onlyFinding(verify(
                log(driver(rule("CA2101", "'properties': {'security-severity': '9.3'}")), "{'ruleId': 'CA2101/1'}")));

        assertThat(finding.id()).isEqualTo("CA2101/1");
        assertThat(finding.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void showsMessageAndFirstLocation() throws IOException {
        String result = "{'ruleId': 'R', 'message': {'text': 'Tainted\\n  data'}, 'locations': ["
                + "{'physicalLocation': {'artifactLocation': {'uri': 'src/Main.java'}, 'region': {'startLine': 42}}},"
                + "{'physicalLocation': {'artifactLocation': {'uri': 'src/Other.java'}}}]}";

        Finding finding = onlyFinding(verify(log(driver(""), result)));

        assertThat(finding.message()).isEqualTo("Tainted data");
        assertThat(finding.location()).isEqualTo("src/Main.java:42");
    }

    // Threshold and waivers

    @Test
    void failsOnFindingsAtTheThresholdAndNamesThem() throws IOException {
        CheckResult result = verify(log(
                driver(""),
                "{'ruleId': 'CVE-2024-0001', 'properties': {'security-severity': '9.8'}}",
                "{'ruleId': 'CVE-2024-0002', 'level': 'error'}",
                "{'ruleId': 'lint', 'level': 'note'}"));

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.code()).isEqualTo(Code.SCAN_FINDINGS_OVER_THRESHOLD);
        assertThat(result.detail())
                .isEqualTo("app.jar.sarif has 2 findings at or above high (1 critical, 1 high): CVE-2024-0001,"
                        + " CVE-2024-0002, so the scan check fails.");
        assertThat(result.findings()).hasSize(3);
        assertThat(result.facts())
                .containsEntry("findings", "3")
                .containsEntry("critical", "1")
                .containsEntry("high", "1")
                .containsEntry("low", "1");
    }

    @Test
    void passesFindingsBelowTheThreshold() throws IOException {
        CheckResult result = verify(
                policy(Severity.CRITICAL, null),
                log(driver(""), "{'ruleId': 'X', 'properties': {'security-severity': '8.9'}}"));

        assertThat(result.status()).isEqualTo(Status.PASS);
        assertThat(result.code()).isEqualTo(Code.SCAN_PASSED);
        assertThat(result.detail())
                .isEqualTo("app.jar.sarif (Scanner 1.0) reports 1 finding (1 high); none at or above critical.");
        assertThat(result.findings()).hasSize(1);
    }

    @Test
    void failsOnAFindingAboveTheThreshold() throws IOException {
        CheckResult result = verify(
                policy(Severity.MEDIUM, null),
                log(driver(""), "{'ruleId': 'X', 'properties': {'security-severity': '9.9'}}"));

        assertThat(result.code()).isEqualTo(Code.SCAN_FINDINGS_OVER_THRESHOLD);
    }

    @Test
    void letsNoFindingFailWhenThePolicyFailsOnNone() throws IOException {
        CheckResult result = verify(
                policy(Severity.NONE, null),
                log(driver(""), "{'ruleId': 'X', 'properties': {'security-severity': '10.0'}}"));

        assertThat(result.status()).isEqualTo(Status.PASS);
        assertThat(result.facts()).containsEntry("critical", "1");
        assertThat(result.detail()).endsWith("; the policy lets no finding fail the scan check.");
    }

    @Test
    void activeExceptionWaivesAFindingAndExpiredOneDoesNot() throws IOException {
        ExceptionUse active = new ExceptionUse(
                "EX-1", "finding:CVE-A", "sec@example.com", "SEC-1", LocalDate.parse("2025-12-31"), false);
        ExceptionUse expired =
                new ExceptionUse("EX-2", "finding:CVE-B", "sec@example.com", null, LocalDate.parse("2025-01-31"), true);
        FindingWaivers waivers = id ->
                Optional.ofNullable(Map.of("CVE-A", active, "CVE-B", expired).get(id));

        CheckResult result = verify(
                ScanPolicy.defaults(),
                waivers,
                log(
                        driver(""),
                        "{'ruleId': 'CVE-A', 'level': 'error'}",
                        "{'ruleId': 'CVE-A', 'level': 'error'}",
                        "{'ruleId': 'CVE-B', 'level': 'error'}"));

        assertThat(result.code()).isEqualTo(Code.SCAN_FINDINGS_OVER_THRESHOLD);
        assertThat(result.exceptions()).containsExactly(active, expired);
        assertThat(findingsById(result, "CVE-A")).extracting(Finding::waivedBy).containsOnly("EX-1");
        assertThat(findingById(result, "CVE-B").waivedBy()).isNull();
        assertThat(result.facts()).containsEntry("waivedFindings", "2");
        assertThat(result.detail())
                .isEqualTo("app.jar.sarif has 1 finding at or above high (1 high) that no exception waives:"
                        + " CVE-B (exception EX-2 expired on 2025-01-31), so the scan check fails.");
    }

    @Test
    void passesWhenEveryFindingOverTheThresholdIsWaived() throws IOException {
        ExceptionUse active = new ExceptionUse(
                "EX-1", "finding:CVE-A", "sec@example.com", null, LocalDate.parse("2025-12-31"), false);

        CheckResult result = verify(
                ScanPolicy.defaults(),
                id -> Optional.of(active).filter(a -> id.equals("CVE-A")),
                log(driver(""), "{'ruleId': 'CVE-A', 'level': 'error'}"));

        assertThat(result.status()).isEqualTo(Status.PASS);
        assertThat(result.exceptions()).containsExactly(active);
        assertThat(result.detail())
                .contains("1 of them waived by exception EX-1 (owner sec@example.com, until 2025-12-31)");
    }

    @Test
    void reportsButDoesNotHonourSuppressionsOfTheScanner() throws IOException {
        CheckResult result = verify(log(
                driver(""),
                "{'ruleId': 'R', 'level': 'error', 'message': {'text': 'bad'},"
                        + " 'suppressions': [{'kind': 'inSource'}]}",
                "{'ruleId': 'S', 'level': 'error', 'suppressions': [{'kind': 'external',"
                        + " 'status': 'rejected'}]}"));

        assertThat(result.code()).isEqualTo(Code.SCAN_FINDINGS_OVER_THRESHOLD);
        assertThat(findingById(result, "R").message())
                .isEqualTo("bad (suppressed in source by the scanner, which does not waive it)");
        assertThat(findingById(result, "S").message()).isEmpty();
        assertThat(result.facts()).containsEntry("suppressedByScanner", "1");
    }

    // Age

    @Test
    void failsAScanOlderThanTheMaximumAge() throws IOException {
        CheckResult result = verify(
                policy(Severity.HIGH, Duration.ofDays(7)),
                log(driver("") + ", 'invocations': [{'executionSuccessful': true,"
                        + " 'startTimeUtc': '2025-05-01T10:00:00Z', 'endTimeUtc': '2025-05-20T10:00:00Z'}]"));

        assertThat(result.code()).isEqualTo(Code.SCAN_TOO_OLD);
        assertThat(result.detail())
                .isEqualTo("app.jar.sarif is a scan from 2025-05-20T10:00:00Z, 12 days ago, older"
                        + " than the 7 days the policy allows, so the scan check fails.");
    }

    @Test
    void passesAScanWithinTheMaximumAgeTakingTheLatestInvocation() throws IOException {
        CheckResult result = verify(
                policy(Severity.HIGH, Duration.ofDays(7)),
                log(driver("") + ", 'invocations': [{'endTimeUtc': '2025-01-01T00:00:00Z'},"
                        + " {'startTimeUtc': '2025-05-31T23:00:00.5+02:00'}]"));

        assertThat(result.code()).isEqualTo(Code.SCAN_PASSED);
        assertThat(result.facts()).containsEntry("scanTime", "2025-05-31T21:00:00.500Z");
    }

    @Test
    void failsAScanWithoutTimeWhenThePolicyLimitsAge() throws IOException {
        CheckResult result = verify(policy(Severity.HIGH, Duration.ofHours(36)), log(driver("")));

        assertThat(result.code()).isEqualTo(Code.SCAN_TIME_UNKNOWN);
        assertThat(result.detail()).contains("36 hours");
    }

    @Test
    void onlyReportsTheTimeWithoutAnAgeLimit() throws IOException {
        CheckResult result = verify(log(driver("") + ", 'invocations': [{'endTimeUtc': '2001-01-01T00:00:00Z'}]"));

        assertThat(result.code()).isEqualTo(Code.SCAN_PASSED);
        assertThat(result.facts()).containsEntry("scanTime", "2001-01-01T00:00:00Z");
    }

    // Binding

    @Test
    void bindsWhenTheStatedDigestsMatchTheArtifact() throws IOException {
        String sha256 = hex(DigestAlgorithm.SHA_256);
        String sha512 = hex(DigestAlgorithm.SHA_512);
        String run = driver("") + ", 'artifacts': [{'location': {'uri': 'file:///build/libs/app.jar'},"
                + " 'hashes': {'sha-256': '" + sha256.toUpperCase() + "', 'sha-512': '" + sha512 + "'}},"
                + " {'location': {'uri': 'lib/other.jar'}, 'hashes': {'sha-256': '00'}}]";

        PendingCheck pending = read(ScanPolicy.defaults(), FindingWaivers.none(), log(run));
        CheckResult result = complete(pending);

        assertThat(pending.digestsNeeded()).containsExactlyInAnyOrder(DigestAlgorithm.SHA_256, DigestAlgorithm.SHA_512);
        assertThat(result.code()).isEqualTo(Code.SCAN_PASSED);
        assertThat(result.facts()).containsEntry("boundBy", "sha-256, sha-512");
    }

    @Test
    void failsWhenAStatedDigestDiffersAndShowsBoth() throws IOException {
        String wrong = "ab".repeat(32);
        String run = driver("") + ", 'artifacts': [{'location': {'uri': 'dist/app%2Ejar'}, 'hashes': {'sha-256': '"
                + wrong + "'}}]";

        CheckResult result = verify(log(run));

        assertThat(result.code()).isEqualTo(Code.SCAN_DIGEST_MISMATCH);
        assertThat(result.detail())
                .isEqualTo("app.jar.sarif states sha-256 " + wrong + " for app.jar, but app.jar has"
                        + " sha-256 " + hex(DigestAlgorithm.SHA_256)
                        + ", so the scan is not about this artifact and the"
                        + " scan check fails.");
    }

    @Test
    void bindsWhenOneOfSeveralFilesOfTheArtifactsNameMatches() throws IOException {
        String run = driver("") + ", 'artifacts': ["
                + "{'location': {'uri': 'vendor/app.jar'}, 'hashes': {'sha-256': '" + "00".repeat(32) + "'}},"
                + "{'location': {'uri': 'target/app.jar'}, 'hashes': {'sha-256': '"
                + hex(DigestAlgorithm.SHA_256) + "', 'md5': '" + hex(DigestAlgorithm.MD5) + "'}}]";

        CheckResult result = verify(log(run));

        assertThat(result.code()).isEqualTo(Code.SCAN_PASSED);
        assertThat(result.facts()).containsEntry("boundBy", "sha-256, md5 (weak)");
    }

    @Test
    void showsTheLocationOfAResultThatRefersToARunArtifactByIndex() throws IOException {
        String run = driver("") + ", 'artifacts': [{'location': {'uri': 'src/a.c'}}, {'location': {'uri': 'src/b.c'}}]";
        String result = "{'ruleId': 'R', 'locations': [{'physicalLocation': {'artifactLocation':"
                + " {'index': 1}, 'region': {'startLine': 7}}}]}";

        assertThat(onlyFinding(verify(log(run, result))).location()).isEqualTo("src/b.c:7");
    }

    @Test
    void failsWhenTheArtifactsDigestIsStatedOnlyInAnUnknownAlgorithm() throws IOException {
        String run = driver("") + ", 'artifacts': [{'location': {'uri': 'app.jar'}, 'hashes': {'blake3': '00ff'}}]";

        CheckResult result = verify(log(run));

        assertThat(result.code()).isEqualTo(Code.SCAN_DIGEST_MISMATCH);
        assertThat(result.detail()).contains("only as blake3, which the gate cannot compute");
    }

    // Completeness

    @Test
    void failsALogWithoutRuns() throws IOException {
        CheckResult result = verify("{'version': '2.1.0', 'runs': []}");

        assertThat(result.code()).isEqualTo(Code.SCAN_INCOMPLETE);
        assertThat(result.detail()).isEqualTo("app.jar.sarif holds no run at all, so the scan check fails.");
    }

    @Test
    void failsARunWhoseToolDidNotFinish() throws IOException {
        CheckResult result = verify(log(driver("") + ", 'invocations': [{'executionSuccessful': false,"
                + " 'toolExecutionNotifications': [{'level': 'error', 'message': {'text': 'out of memory'}}]}]"));

        assertThat(result.code()).isEqualTo(Code.SCAN_INCOMPLETE);
        assertThat(result.detail())
                .isEqualTo("app.jar.sarif says that run 1 (Scanner 1.0) did not finish successfully"
                        + " (executionSuccessful is false: out of memory) and its results may be incomplete,"
                        + " so the scan check fails.");
        assertThat(result.facts()).containsEntry("toolErrors", "1");
    }

    @Test
    void failsARunWithoutResultsArray() throws IOException {
        CheckResult result = verify("{'version': '2.1.0', 'runs': [{" + driver("") + "}]}");

        assertThat(result.code()).isEqualTo(Code.SCAN_INCOMPLETE);
        assertThat(result.detail()).contains("has no results array in run 1 (Scanner 1.0)");
    }

    // Malformed input

    @Test
    void rejectsTextThatIsNotJsonWithLineAndColumn() throws IOException {
        CheckResult result = verify("{\n  'version': '2.1.0',\n  ,\n}");

        assertThat(result.code()).isEqualTo(Code.SCAN_MALFORMED);
        assertThat(result.detail())
                .startsWith("app.jar.sarif is not valid JSON: ")
                .contains("(line 3, column 3)")
                .endsWith(", so the scan check fails.");
    }

    @Test
    void rejectsATruncatedFileInWordsWithoutParserInternals() throws IOException {
        CheckResult result = verify("{'version': '2.1.0', 'runs': [");

        assertThat(result.code()).isEqualTo(Code.SCAN_MALFORMED);
        assertThat(result.detail())
                .isEqualTo("app.jar.sarif is not valid JSON: Unexpected end-of-input: expected close marker for Array"
                        + " (start marker at line 1, column 30) (line 1, column 31), so the scan check fails.");
    }

    @Test
    void rejectsTextInAnEncodingJsonDoesNotUse() throws IOException {
        Path file = Files.write(folder.resolve("odd.sarif"), new byte[] {0, 0, (byte) 0xFF, (byte) 0xFE, 0, 0, 0, '{'});

        CheckResult result = verifier(ScanPolicy.defaults())
                .read(new EvidenceFile(file, "odd.sarif"), context(FindingWaivers.none()))
                .complete(digests(Set.of()));

        assertThat(result.code()).isEqualTo(Code.SCAN_MALFORMED);
        assertThat(result.detail()).startsWith("odd.sarif is not JSON in an encoding the gate reads: ");
    }

    @Test
    void rejectsAnEmptyFile() throws IOException {
        CheckResult result = verify("");

        assertThat(result.code()).isEqualTo(Code.SCAN_MALFORMED);
        assertThat(result.detail()).isEqualTo("app.jar.sarif is empty, so the scan check fails.");
    }

    @Test
    void rejectsJsonThatIsNotAnObject() throws IOException {
        CheckResult result = verify("[1, 2]");

        assertThat(result.code()).isEqualTo(Code.SCAN_MALFORMED);
        assertThat(result.detail()).contains("its JSON is an array, not an object");
    }

    @Test
    void rejectsALogWithoutRunsArray() throws IOException {
        CheckResult result = verify("{'version': '2.1.0'}");

        assertThat(result.code()).isEqualTo(Code.SCAN_MALFORMED);
        assertThat(result.detail())
                .isEqualTo("app.jar.sarif is not a SARIF log: it has no runs array, so the scan check fails.");
    }

    @Test
    void rejectsRunsThatAreNotAnArrayAndSaysWhere() throws IOException {
        CheckResult result = verify("{'version': '2.1.0',\n 'runs': {}}");

        assertThat(result.code()).isEqualTo(Code.SCAN_MALFORMED);
        assertThat(result.detail())
                .isEqualTo("app.jar.sarif is not valid SARIF 2.1.0: /runs: the runs is an object,"
                        + " not an array (line 2, column 10), so the scan check fails.");
    }

    @Test
    void rejectsAnUnknownLevelAndSaysWhere() throws IOException {
        CheckResult result = verify(log(driver(""), "{'ruleId': 'R', 'level': 'critical'}"));

        assertThat(result.code()).isEqualTo(Code.SCAN_MALFORMED);
        assertThat(result.detail())
                .contains("/runs/0/results/0/level: the level \"critical\" is none of SARIF's levels");
    }

    @Test
    void rejectsASecuritySeverityThatIsNoScore() throws IOException {
        CheckResult result = verify(log(driver(rule("R", "'properties': {'security-severity': '11'}"))));

        assertThat(result.code()).isEqualTo(Code.SCAN_MALFORMED);
        assertThat(result.detail())
                .contains("/runs/0/tool/driver/rules/0/properties/security-severity: the"
                        + " security-severity \"11\" is neither a CVSS score from 0 to 10 nor a severity such as high");
    }

    @Test
    void rejectsARuleIndexThatContradictsTheRuleId() throws IOException {
        CheckResult result =
                verify(log(driver(rule("A", "") + "," + rule("B", "")), "{'ruleId': 'A', 'ruleIndex': 1}"));

        assertThat(result.code()).isEqualTo(Code.SCAN_MALFORMED);
        assertThat(result.detail())
                .contains("/runs/0/results/0: the result names rule A, but its rule index 1 points at rule B");
    }

    @Test
    void rejectsARuleIndexPastTheRules() throws IOException {
        CheckResult result = verify(log(driver(rule("A", "")), "{'ruleIndex': 3}"));

        assertThat(result.code()).isEqualTo(Code.SCAN_MALFORMED);
        assertThat(result.detail()).contains("the rule index 3 points past the 1 rules of Scanner 1.0");
    }

    @Test
    void rejectsAnotherSarifVersion() throws IOException {
        CheckResult result = verify("{'version': '2.2', 'runs': []}");

        assertThat(result.code()).isEqualTo(Code.SCAN_UNSUPPORTED_VERSION);
        assertThat(result.detail())
                .isEqualTo("app.jar.sarif states SARIF version \"2.2\", but the gate reads only"
                        + " SARIF 2.1.0, so the scan check fails.");
    }

    @Test
    void namesTheVersionEvenWhenItFollowsRunsOfAnotherShape() throws IOException {
        CheckResult result = verify("{'runs': [{'tool': {'name': 'CodeScanner'}, 'results': []}], 'version': '2.0.0'}");

        assertThat(result.code()).isEqualTo(Code.SCAN_UNSUPPORTED_VERSION);
    }

    @Test
    void rejectsALogWithoutVersion() throws IOException {
        CheckResult result = verify("{'runs': []}");

        assertThat(result.code()).isEqualTo(Code.SCAN_MALFORMED);
        assertThat(result.detail()).contains("it states no version");
    }

    @Test
    void readsResultsThatComeBeforeTheTool() throws IOException {
        String text = "{'runs': [{'results': [{'ruleId': 'late'}], 'tool': {'driver': {'name': 'S',"
                + " 'rules': [" + rule("late", "'properties': {'security-severity': '9.5'}") + "]}}}],"
                + " 'version': '2.1.0'}";

        CheckResult result = verify(text);

        assertThat(result.code()).isEqualTo(Code.SCAN_FINDINGS_OVER_THRESHOLD);
        assertThat(onlyFinding(result).severitySource()).isEqualTo("security-severity 9.5 on rule late");
    }

    @Test
    void readsResultsBeforeTheToolInOneRunAmongOthers() throws IOException {
        String toolFirst =
                driver(rule("R", "'properties': {'security-severity': '2.0'}")) + ", 'results': [{'ruleId': 'R'}]";
        String resultsFirst = "'results': [{'ruleIndex': 0}, {'ruleIndex': 1}], 'tool': {'driver': {"
                + "'name': 'Late', 'rules': [" + rule("L0", "'properties': {'security-severity': '9.9'}")
                + "," + rule("L1", "") + "]}}";

        CheckResult result = verify("{'version': '2.1.0', 'runs': [{" + toolFirst + "}, {" + resultsFirst + "}]}");

        assertThat(result.findings())
                .extracting(Finding::id, Finding::severity)
                .containsExactly(
                        tuple("L0", Severity.CRITICAL), tuple("L1", Severity.MEDIUM), tuple("R", Severity.LOW));
        assertThat(result.facts()).containsEntry("tool", "Scanner 1.0, Late");
    }

    @Test
    void rejectsABrokenRuleReferenceInResultsBeforeTheTool() throws IOException {
        String run = "'results': [{'ruleIndex': 0},\n {'ruleIndex': 5}], 'tool': {'driver': {'name': 'S',"
                + " 'rules': [" + rule("A", "") + "]}}";

        CheckResult result = verify("{'version': '2.1.0', 'runs': [{" + run + "}]}");

        assertThat(result.code()).isEqualTo(Code.SCAN_MALFORMED);
        assertThat(result.detail())
                .contains("/runs/0/results/1: the rule index 5 points past the 1 rules of S (line 2)");
    }

    @Test
    void rejectsDuplicateKeys() throws IOException {
        CheckResult result = verify("{'version': '2.1.0', 'runs': [{" + driver("") + ", 'results': [{"
                + "'level': 'note', 'level': 'error'}]}]}");

        assertThat(result.code()).isEqualTo(Code.SCAN_MALFORMED);
        assertThat(result.detail()).contains("Duplicate field 'level'");
    }

    @Test
    void rejectsDeepNestingAsMalformedWithoutCrashing() throws IOException {
        int depth = 100_000;
        String nested = "[".repeat(depth) + "]".repeat(depth);
        String text = "{'version': '2.1.0', 'runs': [{" + driver("") + ", 'results': [{'properties': {'x': " + nested
                + "}}]}]}";

        CheckResult result = verify(text);

        assertThat(result.code()).isEqualTo(Code.SCAN_MALFORMED);
        assertThat(result.detail())
                .contains("exceeds a limit of the JSON reader")
                .contains("nesting depth")
                .doesNotContain("StreamReadConstraints");
    }

    @Test
    void rejectsContentAfterTheLog() throws IOException {
        CheckResult result = verify("{'version': '2.1.0', 'runs': [{" + driver("") + ", 'results': []}]} {'more': 1}");

        assertThat(result.code()).isEqualTo(Code.SCAN_MALFORMED);
        assertThat(result.detail()).contains("the log has more JSON after its end");
    }

    @Test
    void reportsAMissingFileAsUnreadable() {
        EvidenceFile missing = new EvidenceFile(folder.resolve("gone.sarif"), "gone.sarif");

        CheckResult result = verifier(ScanPolicy.defaults())
                .read(missing, new ArtifactContext(ARTIFACT, ARTIFACT, FindingWaivers.none()))
                .complete(digests(Set.of()));

        assertThat(result.code()).isEqualTo(Code.EVIDENCE_UNREADABLE);
        assertThat(result.detail()).startsWith("gone.sarif could not be read");
    }

    @Test
    void refusesSarifWhenThePolicyAcceptsOtherFormatsOnly() throws IOException {
        ScanPolicy trivyOnly =
                new ScanPolicy(true, Set.of(ScanFormat.TRIVY), Severity.HIGH, Optional.empty(), List.of());

        CheckResult result = verify(trivyOnly, FindingWaivers.none(), log(driver("")));

        assertThat(result.code()).isEqualTo(Code.SCAN_FORMAT_NOT_ALLOWED);
        assertThat(result.detail())
                .isEqualTo("app.jar.sarif is a SARIF report, but the policy accepts only trivy, so"
                        + " the scan check fails.");
    }

    @Test
    void turnsAFailingWaiverLookupIntoAnInternalError() throws IOException {
        FindingWaivers broken = id -> {
            throw new IllegalStateException("exception register unavailable");
        };

        CheckResult result = verify(ScanPolicy.defaults(), broken, log(driver(""), "{'ruleId': 'R'}"));

        assertThat(result.code()).isEqualTo(Code.INTERNAL_ERROR);
        assertThat(result.detail()).contains("java.lang.IllegalStateException: exception register unavailable");
    }

    // Facts and threads

    @Test
    void reportsToolsCountsAndScanTimeAsFacts() throws IOException {
        String first = driver("") + ", 'invocations': [{'endTimeUtc': '2025-05-30T08:00:00Z'}]";
        String second = "'tool': {'driver': {'name': 'Other', 'semanticVersion': '2.3.4'}}";
        String text = "{'version': '2.1.0', 'runs': [{" + first + ", 'results': [{'level': 'note'}]}, {" + second
                + ", 'results': []}]}";

        CheckResult result = verify(text);

        assertThat(result.facts())
                .containsExactly(
                        Map.entry("tool", "Scanner 1.0, Other 2.3.4"),
                        Map.entry("toolName", "Scanner"),
                        Map.entry("findings", "1"),
                        Map.entry("critical", "0"),
                        Map.entry("high", "0"),
                        Map.entry("medium", "0"),
                        Map.entry("low", "1"),
                        Map.entry("none", "0"),
                        Map.entry("waivedFindings", "0"),
                        Map.entry("scanTime", "2025-05-30T08:00:00Z"));
    }

    @Test
    void namesTheFirstRunsDriverAsTheToolNameEvenWithoutVersion() throws IOException {
        String text = "{'version': '2.1.0', 'runs': [{'tool': {'driver': {'name': 'CodeQL'}}, 'results': []},"
                + " {'tool': {'driver': {'name': 'Semgrep', 'version': '1.2'}}, 'results': []}]}";

        CheckResult result = verify(text);

        assertThat(result.facts()).containsEntry("toolName", "CodeQL").containsEntry("tool", "CodeQL, Semgrep 1.2");
    }

    @Test
    void oneVerifierServesManyThreadsAtOnce() throws Exception {
        SarifVerifier verifier = verifier(ScanPolicy.defaults());
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<CheckResult>> results = new java.util.ArrayList<>();
            for (int i = 0; i < 64; i++) {
                String level = i % 2 == 0 ? "error" : "note";
                Path file = Files.writeString(
                        folder.resolve("scan-" + i + ".sarif"),
                        json(log(driver(""), "{'ruleId': 'R" + i + "', 'level': '" + level + "'}")));
                EvidenceFile evidence =
                        new EvidenceFile(file, file.getFileName().toString());
                results.add(threads.submit(() ->
                        verifier.read(evidence, context(FindingWaivers.none())).complete(digests(Set.of()))));
            }
            for (int i = 0; i < results.size(); i++) {
                CheckResult result = results.get(i).get();
                assertThat(result.code()).isEqualTo(i % 2 == 0 ? Code.SCAN_FINDINGS_OVER_THRESHOLD : Code.SCAN_PASSED);
                assertThat(onlyFinding(result).id()).isEqualTo("R" + i);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    // Fixtures

    /** Test logs are written with single quotes, which read better in Java strings; JSON wants double ones. */
    private static String json(String singleQuoted) {
        return singleQuoted.replace('\'', '"');
    }

    private static String rule(String id, String more) {
        return "{'id': '" + id + "'" + (more.isEmpty() ? "" : ", " + more) + "}";
    }

    private static String driver(String rules) {
        return "'tool': {'driver': {'name': 'Scanner', 'version': '1.0', 'rules': [" + rules + "]}}";
    }

    /** A SARIF 2.1.0 log of one run with the given tool (and other run fields) and results. */
    private static String log(String runFields, String... results) {
        return "{'$schema': 'https://json.schemastore.org/sarif-2.1.0.json', 'version': '2.1.0', 'runs': [{" + runFields
                + ", 'results': [" + String.join(",", results) + "]}]}";
    }

    private static ScanPolicy policy(Severity failOn, Duration maxAge) {
        return new ScanPolicy(true, Set.of(ScanFormat.values()), failOn, Optional.ofNullable(maxAge), List.of());
    }

    private SarifVerifier verifier(ScanPolicy policy) {
        return new SarifVerifier(policy, CLOCK);
    }

    private ArtifactContext context(FindingWaivers waivers) {
        return new ArtifactContext("build/" + ARTIFACT, ARTIFACT, waivers);
    }

    private CheckResult verify(String text) throws IOException {
        return verify(ScanPolicy.defaults(), FindingWaivers.none(), text);
    }

    private CheckResult verify(ScanPolicy policy, String text) throws IOException {
        return verify(policy, FindingWaivers.none(), text);
    }

    private CheckResult verify(ScanPolicy policy, FindingWaivers waivers, String text) throws IOException {
        return complete(read(policy, waivers, text));
    }

    private PendingCheck read(ScanPolicy policy, FindingWaivers waivers, String text) throws IOException {
        Path file = Files.writeString(folder.resolve(ARTIFACT + ".sarif"), json(text), StandardCharsets.UTF_8);
        return verifier(policy).read(new EvidenceFile(file, ARTIFACT + ".sarif"), context(waivers));
    }

    private CheckResult complete(PendingCheck pending) {
        return pending.complete(digests(pending.digestsNeeded()));
    }

    private ArtifactDigests digests(Set<DigestAlgorithm> algorithms) {
        try {
            return ArtifactHasher.digest(artifact, algorithms);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String hex(DigestAlgorithm algorithm) throws IOException {
        return HexFormat.of().formatHex(algorithm.newDigest().digest(Files.readAllBytes(artifact)));
    }

    private static Finding onlyFinding(CheckResult result) {
        assertThat(result.findings()).as(result.detail()).hasSize(1);
        return result.findings().get(0);
    }

    private static Finding findingById(CheckResult result, String id) {
        List<Finding> found = findingsById(result, id);
        assertThat(found)
                .as("findings with id " + id + " in: " + result.detail())
                .hasSize(1);
        return found.get(0);
    }

    private static List<Finding> findingsById(CheckResult result, String id) {
        return result.findings().stream()
                .filter(finding -> finding.id().equals(id))
                .toList();
    }
}
