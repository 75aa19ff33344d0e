package io.jenkins.plugins.releasegate.core.policy;

import java.util.List;

/**
 * The effective policy: what every artifact must prove before promotion. Read by {@link PolicyReader}; every part
 * has a default.
 *
 * @param mode enforce or audit
 * @param artifacts which files of a folder are artifacts
 * @param signature what the signature check demands
 * @param sbom what the SBOM check demands
 * @param scan what the scan check demands
 * @param exceptions the exceptions granted
 */
public record Policy(
        Mode mode,
        ArtifactPatterns artifacts,
        SignaturePolicy signature,
        SbomPolicy sbom,
        ScanPolicy scan,
        List<PolicyExceptionRule> exceptions) {

    public static final int VERSION = 1;

    public Policy {
        exceptions = List.copyOf(exceptions);
    }

    /** The policy a gate applies when it is given none: every check required, nothing trusted yet. */
    public static Policy defaults() {
        return new Policy(
                Mode.ENFORCE,
                ArtifactPatterns.defaults(),
                SignaturePolicy.defaults(),
                SbomPolicy.defaults(),
                ScanPolicy.defaults(),
                List.of());
    }

    public boolean audit() {
        return mode == Mode.AUDIT;
    }
}
