package io.jenkins.plugins.releasegate.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactHasher;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Runs one fuzzer input through a reader the way the gate does. The fuzzer calls one target at a time, so one folder
 * per target, overwritten for each input, is enough; it is removed when the JVM ends.
 */
public final class FuzzedEvidence {

    private final Path artifact;
    private final Path evidence;

    public FuzzedEvidence(String evidenceSuffix) {
        try {
            Path folder = Files.createTempDirectory("release-gate-fuzz");
            folder.toFile().deleteOnExit();
            artifact = Files.writeString(folder.resolve("app-1.0.jar"), "the bytes of the release artifact");
            evidence = folder.resolve("app-1.0.jar" + evidenceSuffix);
            artifact.toFile().deleteOnExit();
            evidence.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not make a folder for fuzzed evidence", e);
        }
    }

    /** Checks the input as evidence and asserts that the reader decided it without an internal error. */
    public CheckResult check(EvidenceVerifier verifier, byte[] input) throws IOException {
        Files.write(evidence, input);
        PendingCheck pending = verifier.read(
                new EvidenceFile(evidence, evidence.getFileName().toString()),
                new ArtifactContext("app-1.0.jar", "app-1.0.jar", FindingWaivers.none()));
        CheckResult result = pending.complete(ArtifactHasher.digest(artifact, pending.digestsNeeded()));

        assertThat(result.code()).as(result.detail()).isNotEqualTo(Code.INTERNAL_ERROR);
        assertThat(result.detail()).isNotBlank();
        return result;
    }
}
