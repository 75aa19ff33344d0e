package io.jenkins.plugins.releasegate.core.signature;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactHasher;
import io.jenkins.plugins.releasegate.core.evidence.ArtifactContext;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceVerifier;
import io.jenkins.plugins.releasegate.core.evidence.FindingWaivers;
import io.jenkins.plugins.releasegate.core.evidence.PendingCheck;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import java.io.IOException;
import java.nio.file.Path;

/** Drives a verifier the way the gate does: read the evidence, hash the artifact once for it, complete. */
final class EngineRun {

    private EngineRun() {}

    static CheckResult check(EvidenceVerifier verifier, Path artifact, Path evidence) throws IOException {
        PendingCheck pending = read(verifier, artifact, evidence);
        return pending.complete(ArtifactHasher.digest(artifact, pending.digestsNeeded()));
    }

    static PendingCheck read(EvidenceVerifier verifier, Path artifact, Path evidence) {
        return verifier.read(
                new EvidenceFile(evidence, evidence.getFileName().toString()),
                new ArtifactContext(
                        artifact.getFileName().toString(),
                        artifact.getFileName().toString(),
                        FindingWaivers.none()));
    }
}
