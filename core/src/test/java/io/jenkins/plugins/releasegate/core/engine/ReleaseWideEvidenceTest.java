package io.jenkins.plugins.releasegate.core.engine;

import static io.jenkins.plugins.releasegate.core.engine.GatedReports.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.jenkins.plugins.releasegate.core.policy.Policy;
import io.jenkins.plugins.releasegate.core.policy.PolicyReader;
import io.jenkins.plugins.releasegate.core.verdict.ArtifactReport;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * Release-wide evidence through the whole gate: a copy of the bundled example release whose SBOMs are replaced by one
 * SBOM for the release, which names the artifacts by digest.
 */
class ReleaseWideEvidenceTest {

    private static final Path EXAMPLES =
            Path.of("..", "examples").toAbsolutePath().normalize();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-06-01T12:00:00Z"), ZoneOffset.UTC);
    private static final String APP = "app-1.0.jar";
    private static final String TOOL = "report-tool-1.0.jar";
    private static final String OTHER_SHA256 = "ab".repeat(32);

    @TempDir
    Path folder;

    private Path release;

    @BeforeEach
    void copyTheExampleReleaseWithoutItsSboms() throws IOException {
        release = Files.createDirectories(folder.resolve("release"));
        try (Stream<Path> files = Files.list(EXAMPLES.resolve("release"))) {
            for (Path file : files.toList()) {
                if (!file.getFileName().toString().endsWith(".cdx.json")) {
                    Files.copy(file, release.resolve(file.getFileName()));
                }
            }
        }
    }

    @Test
    void bindsOneReleaseSbomToEveryArtifactItNamesByDigest() throws Exception {
        writeReleaseSbom(component("app", sha256(APP)), component("report-tool", sha256(TOOL)));

        GateReport report = gate();

        for (String artifact : List.of(APP, TOOL)) {
            CheckResult sbom = check(report, artifact, Check.SBOM);
            assertThat(sbom.status()).isEqualTo(Status.PASS);
            assertThat(sbom.code()).isEqualTo(Code.SBOM_VALID);
            assertThat(sbom.evidence()).isEqualTo("release/release.cdx.json");
            assertThat(sbom.facts()).containsEntry("boundBy", "component digest");
        }
        assertThat(check(report, TOOL, Check.SBOM).facts()).containsEntry("component", "\"report-tool\" 1.0");
        assertThat(report.notes()).noneMatch(note -> note.contains("release.cdx.json"));
    }

    @Test
    void bindsToAComponentNestedInsideAnother() throws Exception {
        writeReleaseSbom("""
                {"type": "application", "name": "suite", "version": "1.0",
                 "components": [%s]}""".formatted(component("report-tool", sha256(TOOL))));

        GateReport report = gate();

        assertThat(check(report, TOOL, Check.SBOM).status()).isEqualTo(Status.PASS);
        assertThat(check(report, TOOL, Check.SBOM).detail()).contains("\"report-tool\" 1.0");
    }

    @Test
    void bindsAReleaseWideSpdxDocumentByThePackageAndTheFileItLists() throws Exception {
        String spdx = """
                {"spdxVersion": "SPDX-2.3", "dataLicense": "CC0-1.0", "SPDXID": "SPDXRef-DOCUMENT",
                 "name": "example-release", "documentNamespace": "https://example.com/spdx/example-release-1.0",
                 "creationInfo": {"created": "2026-01-01T00:00:00Z", "creators": ["Tool: release-gate-tests"]},
                 "packages": [{"SPDXID": "SPDXRef-app", "name": "app", "versionInfo": "1.0",
                   "downloadLocation": "NOASSERTION",
                   "checksums": [{"algorithm": "SHA256", "checksumValue": "%s"}]}],
                 "files": [{"SPDXID": "SPDXRef-tool", "fileName": "./report-tool-1.0.jar",
                   "checksums": [{"algorithm": "SHA256", "checksumValue": "%s"}]}]}""";
        Files.writeString(release.resolve("release.spdx.json"), spdx.formatted(sha256(APP), sha256(TOOL)));

        GateReport report = gate("[cyclonedx, spdx]");

        assertThat(check(report, APP, Check.SBOM).facts())
                .containsEntry("format", "SPDX 2.3 JSON")
                .containsEntry("component", "\"app\" 1.0");
        assertThat(check(report, TOOL, Check.SBOM))
                .extracting(CheckResult::status, CheckResult::evidence)
                .containsExactly(Status.PASS, "release/release.spdx.json");
    }

    @Test
    void failsEveryArtifactWhenThePolicyDoesNotAcceptTheReleaseSbomFormat() throws Exception {
        Files.writeString(release.resolve("release.spdx.json"), "{\"spdxVersion\": \"SPDX-2.3\"}");

        GateReport report = gate();

        assertThat(report.artifacts())
                .extracting(artifact ->
                        check(report, fileName(artifact), Check.SBOM).code())
                .containsOnly(Code.SBOM_FORMAT_NOT_ALLOWED);
    }

    @Test
    void leavesAnArtifactTheReleaseSbomDoesNotNameWithoutAnSbom() throws Exception {
        writeReleaseSbom(component("app", sha256(APP)));

        GateReport report = gate();

        assertThat(check(report, APP, Check.SBOM).status()).isEqualTo(Status.PASS);
        assertThat(check(report, TOOL, Check.SBOM))
                .extracting(CheckResult::status, CheckResult::code)
                .containsExactly(Status.MISSING, Code.SBOM_MISSING);
    }

    @Test
    void doesNotBindByADigestThatDiffersAndSaysSoInANote() throws Exception {
        writeReleaseSbom(component("app", OTHER_SHA256));

        GateReport report = gate();

        assertThat(report.artifacts())
                .extracting(artifact ->
                        check(report, fileName(artifact), Check.SBOM).code())
                .containsOnly(Code.SBOM_MISSING);
        assertThat(report.notes())
                .contains("release/release.cdx.json names no artifact of this release by digest, so it was not used.");
    }

    @Test
    void failsTheSecondDigestOfANamedComponentWhenItDiffers() throws Exception {
        String twoDigests = """
                {"type": "library", "name": "app", "version": "1.0", "hashes": [
                  {"alg": "SHA-256", "content": "%s"}, {"alg": "SHA-512", "content": "%s"}]}""";
        writeReleaseSbom(twoDigests.formatted(sha256(APP), "cd".repeat(64)));

        GateReport report = gate();

        CheckResult sbom = check(report, APP, Check.SBOM);
        assertThat(sbom.code()).isEqualTo(Code.SBOM_DIGEST_MISMATCH);
        assertThat(sbom.detail()).contains("cd".repeat(64)).contains("SHA-512");
    }

    @Test
    void stillHoldsAnArtifactToItsOwnSbom() throws Exception {
        Files.copy(EXAMPLES.resolve("release/" + TOOL + ".cdx.json"), release.resolve(TOOL + ".cdx.json"));
        writeReleaseSbom(component("report-tool", sha256(TOOL)));

        GateReport report = gate();

        // The example's own SBOM of the tool states a wrong digest; a release SBOM that is right cannot outvote it.
        assertThat(check(report, TOOL, Check.SBOM).code()).isEqualTo(Code.SBOM_DIGEST_MISMATCH);
    }

    @Test
    void failsTheSbomCheckOfEveryArtifactInTheFolderWhenTheReleaseSbomIsInvalid() throws Exception {
        Files.writeString(release.resolve("release.cdx.json"), "{\"bomFormat\": \"CycloneDX\", \"specVersion\": ");

        GateReport report = gate();

        assertThat(report.artifacts())
                .extracting(artifact -> check(report, fileName(artifact), Check.SBOM))
                .extracting(CheckResult::status, CheckResult::code)
                .containsOnly(tuple(Status.FAIL, Code.SBOM_MALFORMED));
        assertThat(report.notes())
                .anyMatch(note -> note.startsWith("release/release.cdx.json could not be used as release-wide"
                        + " evidence, so the sbom check of every artifact in release fails"));
    }

    @Test
    void takesTheSbomOfAFileThePolicyLeavesOutForThatFilesOwnNotForTheRelease() throws Exception {
        Files.writeString(release.resolve("notes.txt"), "not an artifact");
        Files.writeString(release.resolve("notes.txt.cdx.json"), "not even JSON");
        writeReleaseSbom(component("app", sha256(APP)));

        GateReport report = gate();

        assertThat(check(report, APP, Check.SBOM).status()).isEqualTo(Status.PASS);
        assertThat(check(report, TOOL, Check.SBOM).code()).isEqualTo(Code.SBOM_MISSING);
        assertThat(report.notes()).noneMatch(note -> note.contains("notes.txt"));
    }

    private void writeReleaseSbom(String... components) throws IOException {
        Files.writeString(release.resolve("release.cdx.json"), """
                {"bomFormat": "CycloneDX", "specVersion": "1.6", "version": 1,
                 "metadata": {"component": {"type": "application", "name": "example-release", "version": "1.0"}},
                 "components": [%s]}""".formatted(String.join(",", components)));
    }

    private static String component(String name, String sha256) {
        return """
                {"type": "library", "name": "%s", "version": "1.0",
                 "hashes": [{"alg": "SHA-256", "content": "%s"}]}""".formatted(name, sha256);
    }

    private String sha256(String artifact) throws IOException, NoSuchAlgorithmException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(release.resolve(artifact)));
        return HexFormat.of().formatHex(digest);
    }

    private GateReport gate() throws Exception {
        return gate("[cyclonedx]");
    }

    private GateReport gate(String sbomFormats) throws Exception {
        Files.createDirectories(folder.resolve("trust"));
        Files.copy(
                EXAMPLES.resolve("trust/example-ca.pem"),
                folder.resolve("trust/example-ca.pem"),
                StandardCopyOption.REPLACE_EXISTING);
        String text = Files.readString(EXAMPLES.resolve("policy.yaml"));
        assertThat(text).contains("formats: [cyclonedx]");
        Policy policy = PolicyReader.read(Files.writeString(
                folder.resolve("policy.yaml"), text.replace("formats: [cyclonedx]", "formats: " + sbomFormats)));
        return GateFactory.create(policy, CLOCK).verify(List.of("release"), folder);
    }

    private static String fileName(ArtifactReport artifact) {
        return artifact.path().substring(artifact.path().lastIndexOf('/') + 1);
    }
}
