package io.jenkins.plugins.releasegate.core.sbom;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactDigests;
import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import io.jenkins.plugins.releasegate.core.evidence.ArtifactContext;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.ReleaseWideEvidence;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A schema-valid SBOM of a whole release: it binds to an artifact when one of the components it lists states a strong
 * digest (SHA-256, SHA-384, SHA-512 or SHA3) equal to the artifact's. Every other digest that component states in an
 * algorithm the gate computes must match too, else the SBOM check fails with {@link Code#SBOM_DIGEST_MISMATCH}.
 * Immutable once made, so any number of threads may ask it at once.
 */
final class ReleaseWideSbom implements ReleaseWideEvidence {

    private final EvidenceFile evidence;
    private final String format;
    private final long componentCount;
    private final List<DescribedComponent> listed;
    private final Set<DigestAlgorithm> digestsNeeded;

    ReleaseWideSbom(EvidenceFile evidence, String format, long componentCount, List<DescribedComponent> listed) {
        this.evidence = evidence;
        this.format = format;
        this.componentCount = componentCount;
        this.listed = List.copyOf(listed);
        Set<DigestAlgorithm> needed = EnumSet.noneOf(DigestAlgorithm.class);
        for (DescribedComponent component : this.listed) {
            component
                    .digests()
                    .forEach(
                            digest -> DigestAlgorithm.byName(digest.algorithm()).ifPresent(needed::add));
        }
        this.digestsNeeded = Set.copyOf(needed);
    }

    @Override
    public Set<DigestAlgorithm> digestsNeeded() {
        return digestsNeeded;
    }

    @Override
    public Optional<CheckResult> bindTo(ArtifactContext artifact, ArtifactDigests digests) {
        String sbom = evidence.displayPath();
        try {
            for (DescribedComponent component : listed) {
                SbomBinding.Comparison comparison = SbomBinding.compareDigests(sbom, component, artifact, digests);
                if (comparison.strongMatch() == null) {
                    continue;
                }
                Map<String, String> facts = new LinkedHashMap<>();
                facts.put("format", format);
                facts.put("components", Long.toString(componentCount));
                facts.put("releaseWide", "true");
                facts.put("component", component.label());
                if (comparison.mismatch() != null) {
                    return Optional.of(comparison.mismatch().withFacts(facts));
                }
                facts.put("boundBy", "component digest");
                return Optional.of(CheckResult.pass(
                        Check.SBOM,
                        Code.SBOM_VALID,
                        sbom,
                        sbom + " is a valid release-wide " + format + " SBOM of " + componentCount
                                + (componentCount == 1 ? " component" : " components") + " and binds to "
                                + artifact.fileName() + " by the "
                                + comparison.strongMatch().jcaName()
                                + " digest of its component " + component.label() + ".",
                        facts));
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(CheckResult.fail(
                    Check.SBOM,
                    Code.INTERNAL_ERROR,
                    sbom,
                    "Checking " + sbom + " for " + artifact.fileName() + " failed unexpectedly ("
                            + e.getClass().getName() + ": " + DetailText.message(e.getMessage())
                            + "), so the SBOM check fails."));
        }
    }
}
