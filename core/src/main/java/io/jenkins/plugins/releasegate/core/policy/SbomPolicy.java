package io.jenkins.plugins.releasegate.core.policy;

import java.util.List;
import java.util.Set;

/**
 * What the SBOM check demands.
 *
 * @param required whether an artifact without an SBOM fails
 * @param formats the formats accepted
 * @param binding how an SBOM must tie itself to the artifact
 * @param evidence extra evidence name patterns, with {@code {artifact}} for the artifact's file name
 */
public record SbomPolicy(boolean required, Set<SbomFormat> formats, Binding binding, List<String> evidence) {

    public SbomPolicy {
        formats = Set.copyOf(formats);
        evidence = List.copyOf(evidence);
    }

    public static SbomPolicy defaults() {
        return new SbomPolicy(true, Set.of(SbomFormat.values()), Binding.NAME, List.of());
    }
}
