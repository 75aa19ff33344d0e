package io.jenkins.plugins.releasegate.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactDigests;
import io.jenkins.plugins.releasegate.core.artifact.ArtifactHasher;
import io.jenkins.plugins.releasegate.core.evidence.ArtifactContext;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceVerifier;
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
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs the Trivy, Grype and Dependency-Check verifiers over reports that the real tools wrote, from the shared
 * conformance corpus. Every JSON report must be read: never refused as malformed and never an internal error. Whether
 * it then passes depends on its findings, its shape (a legacy or cluster report is another version) and its
 * completeness; what becomes of each is printed for the report.
 */
class ScannerReportCorpusTest {

    private static final Set<Code> NOT_READ =
            Set.of(Code.SCAN_MALFORMED, Code.INTERNAL_ERROR, Code.EVIDENCE_UNREADABLE);
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path folder;

    @ParameterizedTest
    @ValueSource(strings = {"trivy", "grype", "dependency-check"})
    void readsEveryJsonReportOfTheTool(String tool) throws IOException {
        Function<ScanPolicy, EvidenceVerifier> verifier = switch (tool) {
            case "trivy" -> policy -> new TrivyVerifier(policy, CLOCK);
            case "grype" -> policy -> new GrypeVerifier(policy, CLOCK);
            default -> policy -> new DependencyCheckVerifier(policy, CLOCK);
        };
        List<Path> reports = reports(tool);

        assertThat(reports).as(tool + " reports in the corpus").isNotEmpty();
        for (Path report : reports) {
            CheckResult result = verify(verifier.apply(ScanPolicy.defaults()), report);
            System.out.println("[scanner-corpus] " + tool + " | " + report.getFileName() + " | " + result.code() + " | "
                    + result.facts().getOrDefault("findings", "-") + " findings | " + result.detail());
            assertThat(result.code()).as(result.detail()).isNotIn(NOT_READ);
            assertThat(result.detail()).startsWith(report.getFileName().toString());
        }
    }

    private CheckResult verify(EvidenceVerifier verifier, Path report) throws IOException {
        Path artifact = Files.writeString(folder.resolve("app.jar"), "not the scanned code");
        PendingCheck pending = verifier.read(
                new EvidenceFile(report, report.getFileName().toString()),
                new ArtifactContext("app.jar", "app.jar", FindingWaivers.none()));
        ArtifactDigests digests = ArtifactHasher.digest(artifact, pending.digestsNeeded());
        return pending.complete(digests);
    }

    private static List<Path> reports(String tool) throws IOException {
        Path folder = corpus().resolve("scanners").resolve(tool);
        Assumptions.assumeTrue(Files.isDirectory(folder), () -> "The corpus folder " + folder + " is absent");
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
        }
    }

    private static Path corpus() {
        String location = System.getProperty("releasegate.corpus");
        Assumptions.assumeTrue(
                location != null && Files.isDirectory(Path.of(location)),
                () -> "The conformance corpus is absent (system property releasegate.corpus is " + location + ")");
        return Path.of(location);
    }
}
