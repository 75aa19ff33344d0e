package io.jenkins.plugins.releasegate.core.evidence;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactDigests;
import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import java.util.Optional;
import java.util.Set;

/**
 * Evidence that covers a whole release, such as one SBOM that lists every artifact with its digest. The gate reads it
 * once per run and then asks, artifact by artifact, whether it names that artifact by digest. One instance is asked
 * from many threads at once, so it must not change once read.
 */
public interface ReleaseWideEvidence {

    /** The digests every artifact must have computed so that this evidence can be compared with it. */
    Set<DigestAlgorithm> digestsNeeded();

    /**
     * The check this evidence decides for one artifact when it names that artifact by a strong digest, or empty when
     * it does not name it. Must not throw.
     */
    Optional<CheckResult> bindTo(ArtifactContext artifact, ArtifactDigests digests);
}
