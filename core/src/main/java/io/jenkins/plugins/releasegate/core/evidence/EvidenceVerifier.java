package io.jenkins.plugins.releasegate.core.evidence;

import io.jenkins.plugins.releasegate.core.verdict.Check;

/**
 * Verifies one evidence format, for example CMS signatures or CycloneDX SBOMs. Instances are made once per gate run,
 * with the policy, and are used from several threads at once.
 */
public interface EvidenceVerifier {

    Check check();

    /**
     * Reads one evidence file that the gate recognised as this verifier's format. Never reads the artifact, and never
     * throws: a file it cannot read or understand becomes a {@link PendingCheck#decided decided} failure.
     */
    PendingCheck read(EvidenceFile evidence, ArtifactContext artifact);
}
