package io.jenkins.plugins.releasegate.core.engine;

import static io.jenkins.plugins.releasegate.core.engine.GatedReports.check;
import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.core.policy.Policy;
import io.jenkins.plugins.releasegate.core.policy.PolicyReader;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Release-wide scan reports and CycloneDX XML SBOMs through the whole gate: a copy of the bundled example release
 * whose per-artifact scans (or SBOMs) are replaced by one file for the release that names the artifacts by digest.
 */
class ReleaseWideScanTest {

    private static final Path EXAMPLES =
            Path.of("..", "examples").toAbsolutePath().normalize();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-06-01T12:00:00Z"), ZoneOffset.UTC);
    private static final String APP = "app-1.0.jar";
    private static final String TOOL = "report-tool-1.0.jar";

    @TempDir
    Path folder;

    private Path release;

    @BeforeEach
    void copyTheExampleRelease() throws IOException {
        release = Files.createDirectories(folder.resolve("release"));
        try (Stream<Path> files = Files.list(EXAMPLES.resolve("release"))) {
            for (Path file : files.toList()) {
                Files.copy(file, release.resolve(file.getFileName()));
            }
        }
        Files.createDirectories(folder.resolve("trust"));
        Files.copy(EXAMPLES.resolve("trust/example-ca.pem"), folder.resolve("trust/example-ca.pem"));
    }

    @Test
    void bindsOneSarifLogToEveryArtifactItListsByDigest() throws Exception {
        withoutOwn(".sarif");
        writeSarif(List.of(APP, TOOL), "");

        GateReport report = gate();

        for (String artifact : List.of(APP, TOOL)) {
            CheckResult scan = check(report, artifact, Check.SCAN);
            assertThat(scan.status()).as(scan.detail()).isEqualTo(Status.PASS);
            assertThat(scan.evidence()).isEqualTo("release/release.sarif");
            assertThat(scan.facts())
                    .containsEntry("releaseWide", "true")
                    .containsEntry("listedAs", "lib/" + artifact)
                    .containsEntry("boundBy", "sha-256");
        }
        assertThat(report.notes()).noneMatch(note -> note.contains("release.sarif"));
    }

    @Test
    void countsEveryFindingForEveryArtifactWithEachArtifactsOwnExceptions() throws Exception {
        // The example policy's EX-1 waives CVE-2022-42003 for app-*.jar only.
        withoutOwn(".sarif");
        writeSarif(List.of(APP, TOOL), """
                {"ruleId": "CVE-2022-42003", "level": "error", "message": {"text": "jackson-databind 2.13.3"},
                 "properties": {"security-severity": "7.5"}}""");

        GateReport report = gate();

        CheckResult app = check(report, APP, Check.SCAN);
        CheckResult tool = check(report, TOOL, Check.SCAN);
        assertThat(app.status()).as(app.detail()).isEqualTo(Status.PASS);
        assertThat(app.facts()).containsEntry("waivedFindings", "1");
        assertThat(app.exceptions()).extracting(use -> use.id()).containsExactly("EX-1");
        assertThat(tool.code()).isEqualTo(Code.SCAN_FINDINGS_OVER_THRESHOLD);
        assertThat(tool.detail()).contains("CVE-2022-42003").startsWith("release/release.sarif has 1 finding");
    }

    @Test
    void failsAnArtifactWhoseOtherStatedDigestDiffers() throws Exception {
        withoutOwn(".sarif");
        Files.writeString(
                release.resolve("release.sarif"), sarif("""
                {"location": {"uri": "lib/%s"}, "hashes": {"sha-256": "%s", "sha-512": "%s"}}""".formatted(APP, sha256(APP), "cd".repeat(64)), ""));

        GateReport report = gate();

        CheckResult app = check(report, APP, Check.SCAN);
        assertThat(app.code()).isEqualTo(Code.SCAN_DIGEST_MISMATCH);
        assertThat(app.detail()).contains("cd".repeat(64));
        assertThat(check(report, TOOL, Check.SCAN).code()).isEqualTo(Code.SCAN_MISSING);
    }

    @Test
    void usesNoReportThatNamesNoArtifactByDigestAndSaysSo() throws Exception {
        withoutOwn(".sarif");
        Files.writeString(
                release.resolve("release.sarif"),
                sarif(
                        "{\"location\": {\"uri\": \"lib/" + APP + "\"}, \"hashes\": {\"sha-256\": \"" + "ab".repeat(32)
                                + "\"}}",
                        ""));

        GateReport report = gate();

        assertThat(check(report, APP, Check.SCAN).code()).isEqualTo(Code.SCAN_MISSING);
        assertThat(report.notes())
                .contains("release/release.sarif names no artifact of this release by digest, so it was not used.");
    }

    @Test
    void holdsAnArtifactToItsOwnReportBesideTheReleaseReport() throws Exception {
        Files.delete(release.resolve(TOOL + ".sarif"));
        writeSarif(List.of(APP, TOOL), "");

        GateReport report = gate();

        // app-1.0.jar.sarif reports CVE-2022-42003, which EX-1 waives, and nothing else fails: both reports count.
        CheckResult app = check(report, APP, Check.SCAN);
        assertThat(app.status()).as(app.detail()).isEqualTo(Status.PASS);
        assertThat(check(report, TOOL, Check.SCAN).evidence()).isEqualTo("release/release.sarif");
    }

    @Test
    void bindsADependencyCheckReportByTheDigestsOfItsDependencies() throws Exception {
        withoutOwn(".sarif");
        String dependency = """
                {"isVirtual": false, "fileName": "%s", "filePath": "/build/lib/%s", "sha256": "%s",
                 "vulnerabilities": []}""";
        Files.writeString(release.resolve("release.dependency-check.json"), """
                {"reportSchema": "1.1", "scanInfo": {"engineVersion": "8.0.2"},
                 "projectInfo": {"name": "Example", "reportDate": "2026-01-01T00:00:00Z"},
                 "dependencies": [%s, %s]}""".formatted(
                dependency.formatted("renamed.jar", APP, sha256(APP)), dependency.formatted(TOOL, TOOL, sha256(TOOL))));

        GateReport report = gate();

        for (String artifact : List.of(APP, TOOL)) {
            CheckResult scan = check(report, artifact, Check.SCAN);
            assertThat(scan.status()).as(scan.detail()).isEqualTo(Status.PASS);
            assertThat(scan.evidence()).isEqualTo("release/release.dependency-check.json");
            assertThat(scan.facts()).containsEntry("toolName", "Dependency-Check");
        }
    }

    @Test
    void bindsAGrypeReportOfOneFileToThatFileOnly() throws Exception {
        withoutOwn(".sarif");
        Files.writeString(release.resolve("scan.grype.json"), """
                {"matches": [], "source": {"type": "file", "target": {"userInput": "build/tool.jar",
                  "path": "build/tool.jar", "digests": [{"algorithm": "sha256", "value": "%s"}]}},
                 "descriptor": {"name": "grype", "version": "0.74.0", "timestamp": "2026-01-01T00:00:00Z"}}""".formatted(sha256(TOOL)));

        GateReport report = gate();

        assertThat(check(report, TOOL, Check.SCAN))
                .extracting(CheckResult::status, CheckResult::evidence)
                .containsExactly(Status.PASS, "release/scan.grype.json");
        assertThat(check(report, APP, Check.SCAN).code()).isEqualTo(Code.SCAN_MISSING);
    }

    @Test
    void bindsAReleaseWideCycloneDxXmlSbomByComponentDigest() throws Exception {
        withoutOwn(".cdx.json");
        Files.writeString(release.resolve("release.cdx.xml"), """
                <?xml version="1.0" encoding="UTF-8"?>
                <bom xmlns="http://cyclonedx.org/schema/bom/1.6" version="1">
                  <metadata><component type="application"><name>example-release</name><version>1.0</version>
                  </component></metadata>
                  <components>
                    <component type="library"><name>app</name><version>1.0</version>
                      <hashes><hash alg="SHA-256">%s</hash></hashes></component>
                    <component type="application"><name>suite</name><version>1.0</version>
                      <components>
                        <component type="library"><name>report-tool</name><version>1.0</version>
                          <hashes><hash alg="SHA-256">%s</hash></hashes></component>
                      </components></component>
                  </components>
                </bom>
                """.formatted(sha256(APP), sha256(TOOL)));

        GateReport report = gate();

        CheckResult app = check(report, APP, Check.SBOM);
        assertThat(app.status()).as(app.detail()).isEqualTo(Status.PASS);
        assertThat(app.facts()).containsEntry("component", "\"app\" 1.0").containsEntry("releaseWide", "true");
        assertThat(check(report, TOOL, Check.SBOM).facts()).containsEntry("component", "\"report-tool\" 1.0");
        assertThat(check(report, TOOL, Check.SBOM).evidence()).isEqualTo("release/release.cdx.xml");
    }

    private void withoutOwn(String suffix) throws IOException {
        Files.delete(release.resolve(APP + suffix));
        Files.delete(release.resolve(TOOL + suffix));
    }

    private void writeSarif(List<String> artifacts, String results) throws Exception {
        StringBuilder listed = new StringBuilder();
        for (String artifact : artifacts) {
            listed.append(listed.length() == 0 ? "" : ", ")
                    .append("{\"location\": {\"uri\": \"lib/%s\"}, \"hashes\": {\"sha-256\": \"%s\"}}"
                            .formatted(artifact, sha256(artifact)));
        }
        Files.writeString(release.resolve("release.sarif"), sarif(listed.toString(), results));
    }

    private static String sarif(String artifacts, String results) {
        return """
                {"version": "2.1.0", "runs": [{
                  "tool": {"driver": {"name": "Example Scanner", "version": "1.0.0"}},
                  "invocations": [{"executionSuccessful": true, "endTimeUtc": "2026-01-01T00:00:00Z"}],
                  "artifacts": [%s],
                  "results": [%s]}]}""".formatted(artifacts, results);
    }

    private String sha256(String artifact) throws IOException, NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(release.resolve(artifact)));
        return HexFormat.of().formatHex(digest);
    }

    private GateReport gate() throws Exception {
        String text = Files.readString(EXAMPLES.resolve("policy.yaml"));
        assertThat(text).contains("formats: [sarif]");
        Policy policy = PolicyReader.read(Files.writeString(
                folder.resolve("policy.yaml"),
                text.replace("formats: [sarif]", "formats: [sarif, trivy, grype, dependency-check]")));
        return GateFactory.create(policy, CLOCK).verify(List.of("release"), folder);
    }
}
