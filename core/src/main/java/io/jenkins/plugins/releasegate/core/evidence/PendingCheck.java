package io.jenkins.plugins.releasegate.core.evidence;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactDigests;
import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import java.util.Set;

/**
 * Evidence that has been read and is waiting for the artifact's digests. The gate collects the digests every pending
 * check needs, reads the artifact once, then completes them all.
 */
public interface PendingCheck {

    /** The digests of the artifact this check compares with; SHA-256 is always computed. */
    Set<DigestAlgorithm> digestsNeeded();

    /** Decides the check for one evidence file. Must not throw: whatever it cannot decide is a failed result. */
    CheckResult complete(ArtifactDigests digests);

    /** A check already decided while reading the evidence, for example because the file is malformed. */
    static PendingCheck decided(CheckResult result) {
        return new PendingCheck() {
            @Override
            public Set<DigestAlgorithm> digestsNeeded() {
                return Set.of();
            }

            @Override
            public CheckResult complete(ArtifactDigests digests) {
                return result;
            }
        };
    }
}
