package io.jenkins.plugins.releasegate.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactDigests;
import io.jenkins.plugins.releasegate.core.artifact.ArtifactHasher;
import io.jenkins.plugins.releasegate.core.evidence.ArtifactContext;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.FindingWaivers;
import io.jenkins.plugins.releasegate.core.evidence.PendingCheck;
import io.jenkins.plugins.releasegate.core.policy.ScanPolicy;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the verifier over SARIF that real tools wrote, from the shared conformance corpus. Every valid log must be read;
 * whether it then passes depends on its findings. What becomes of the invalid and edge cases is printed for the
 * report, not asserted: most of them break rules the gate does not decide on.
 */
class SarifCorpusTest {

    private static final Set<Code> UNREAD =
            Set.of(Code.SCAN_MALFORMED, Code.SCAN_UNSUPPORTED_VERSION, Code.INTERNAL_ERROR, Code.EVIDENCE_UNREADABLE);

    @TempDir
    Path folder;

    @Test
    void readsEveryValidSarifLogOfTheCorpus() throws IOException {
        List<Path> files = sarifFiles("valid");

        assertThat(files).as("valid SARIF files in the corpus").isNotEmpty();
        for (Path file : files) {
            CheckResult result = verify(file);
            print("valid", file, result);
            assertThat(result.code()).as(result.detail()).isNotIn(UNREAD);
        }
    }

    @Test
    void reportsWhatBecomesOfInvalidEdgeAndOtherVersionLogs() throws IOException {
        for (String kind : List.of("invalid", "edge", "other-versions")) {
            for (Path file : sarifFiles(kind)) {
                CheckResult result = verify(file);
                print(kind, file, result);
                assertThat(result.detail()).as(file.toString()).isNotBlank();
            }
        }
    }

    private CheckResult verify(Path file) throws IOException {
        Path artifact = Files.writeString(folder.resolve("app.jar"), "not the scanned code");
        SarifVerifier verifier = new SarifVerifier(ScanPolicy.defaults(), Clock.fixed(Instant.now(), ZoneOffset.UTC));
        PendingCheck pending = verifier.read(
                new EvidenceFile(file, corpus().relativize(file).toString()),
                new ArtifactContext("app.jar", "app.jar", FindingWaivers.none()));
        ArtifactDigests digests = ArtifactHasher.digest(artifact, pending.digestsNeeded());
        return pending.complete(digests);
    }

    private static List<Path> sarifFiles(String kind) throws IOException {
        Path sarif = corpus().resolve("sarif").resolve(kind);
        Assumptions.assumeTrue(Files.isDirectory(sarif), () -> "The corpus folder " + sarif + " is absent");
        try (Stream<Path> files = Files.walk(sarif)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static Path corpus() {
        String location = System.getProperty("releasegate.corpus");
        Assumptions.assumeTrue(
                location != null && Files.isDirectory(Path.of(location)),
                () -> "The conformance corpus is absent (system property releasegate.corpus is " + location + ")");
        return Path.of(location);
    }

    private static void print(String kind, Path file, CheckResult result) {
        System.out.println("[sarif-corpus] " + kind + " | " + file.getFileName() + " | " + result.code() + " | "
                + result.facts().getOrDefault("findings", "-") + " findings | " + result.detail());
    }
}
