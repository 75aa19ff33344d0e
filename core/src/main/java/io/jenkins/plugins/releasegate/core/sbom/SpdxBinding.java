package io.jenkins.plugins.releasegate.core.sbom;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactDigests;
import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import io.jenkins.plugins.releasegate.core.evidence.ArtifactContext;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.policy.Binding;
import io.jenkins.plugins.releasegate.core.sbom.SbomBinding.Comparison;
import io.jenkins.plugins.releasegate.core.sbom.SpdxDocument.Element;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Decides whether a schema-valid SPDX document describes the artifact, by the rules {@link SbomBinding} applies to
 * CycloneDX, stretched over the several elements an SPDX document may describe:
 *
 * <ul>
 *   <li>it binds by digest when a described element states a strong digest (SHA-256, SHA-384, SHA-512 or SHA3) that
 *       matches the artifact, and none of its digests differs;
 *   <li>a digest stated for the artifact must match, or the check fails: when the document describes one element,
 *       that element's digests are the artifact's; when it describes several, those of the elements named like the
 *       artifact are, while the others describe other things;
 *   <li>{@code binding: digest} accepts nothing else; under {@code binding: name} the document also binds when its file
 *       is named after the artifact ({@code app.jar.spdx.json}) or when a described package's {@code name} (with its
 *       {@code versionInfo}, as for CycloneDX components) or its {@code packageFileName}, or a described file's
 *       {@code fileName}, names the artifact.
 * </ul>
 */
final class SpdxBinding {

    private final Binding binding;
    private final SbomBinding names;

    SpdxBinding(Binding binding, List<String> evidencePatterns) {
        this.binding = binding;
        this.names = new SbomBinding(binding, evidencePatterns);
    }

    /** The artifact digests the gate must compute to compare with what the document states. */
    static Set<DigestAlgorithm> digestsToCompare(SpdxDocument document) {
        Set<DigestAlgorithm> needed = EnumSet.noneOf(DigestAlgorithm.class);
        for (Element element : document.described()) {
            element.component()
                    .digests()
                    .forEach(
                            digest -> DigestAlgorithm.byName(digest.algorithm()).ifPresent(needed::add));
        }
        return needed;
    }

    CheckResult decide(
            SpdxDocument document, EvidenceFile evidence, ArtifactContext artifact, ArtifactDigests digests) {
        String sbom = evidence.displayPath();
        Map<String, String> facts = facts(document);
        Map<Element, Comparison> comparisons = new LinkedHashMap<>();
        Set<String> unchecked = new LinkedHashSet<>();
        for (Element element : document.described()) {
            Comparison comparison = SbomBinding.compareDigests(sbom, element.component(), artifact, digests);
            comparisons.put(element, comparison);
            unchecked.addAll(comparison.unchecked());
        }
        if (!unchecked.isEmpty()) {
            facts.put("uncheckedDigests", String.join(", ", unchecked));
        }

        for (Map.Entry<Element, Comparison> entry : comparisons.entrySet()) {
            Comparison comparison = entry.getValue();
            if (comparison.mismatch() == null && comparison.strongMatch() != null) {
                String how = "the " + comparison.strongMatch().jcaName() + " digest of "
                        + entry.getKey().label();
                return bound(document, sbom, artifact, comparison.strongMatch().jcaName() + " digest", how, facts);
            }
        }

        List<Element> artifactsOwn = document.described().size() == 1
                ? document.described()
                : document.described().stream()
                        .filter(element -> namesArtifact(element, artifact.fileName()))
                        .toList();
        for (Element element : artifactsOwn) {
            CheckResult mismatch = comparisons.get(element).mismatch();
            if (mismatch != null) {
                return mismatch.withFacts(facts);
            }
        }

        if (binding == Binding.DIGEST) {
            return notBoundByDigest(document, sbom, artifactsOwn, comparisons, artifact)
                    .withFacts(facts);
        }
        if (names.namedAfterArtifact(evidence.path(), artifact.fileName())) {
            return bound(document, sbom, artifact, "file name", "its file name", facts);
        }
        for (Element element : artifactsOwn) {
            if (namesArtifact(element, artifact.fileName())) {
                String how = "the name of the " + element.label() + " it describes";
                return bound(document, sbom, artifact, "package name", how, facts);
            }
        }
        return notBoundByName(document, sbom, artifact).withFacts(facts);
    }

    static boolean namesArtifact(Element element, String artifactName) {
        if (SbomBinding.describesByName(element.component(), artifactName)) {
            return true;
        }
        String fileName = element.fileName();
        if (fileName == null) {
            return false;
        }
        int slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
        return fileName.substring(slash + 1).equals(artifactName);
    }

    private static CheckResult bound(
            SpdxDocument document,
            String sbom,
            ArtifactContext artifact,
            String boundBy,
            String how,
            Map<String, String> facts) {
        facts.put("boundBy", boundBy);
        long packages = document.packageCount();
        return CheckResult.pass(
                Check.SBOM,
                Code.SBOM_VALID,
                sbom,
                sbom + " is a valid " + SpdxDocument.FORMAT + " SBOM of " + packages
                        + (packages == 1 ? " package" : " packages") + " and binds to " + artifact.fileName() + " by "
                        + how + ".",
                facts);
    }

    private static CheckResult notBoundByDigest(
            SpdxDocument document,
            String sbom,
            List<Element> artifactsOwn,
            Map<Element, Comparison> comparisons,
            ArtifactContext artifact) {
        List<String> weakMatches = new ArrayList<>();
        artifactsOwn.forEach(
                element -> weakMatches.addAll(comparisons.get(element).weakMatches()));
        String what;
        if (document.described().isEmpty()) {
            what = describesNothing(document) + ", so it states no digest for ";
        } else if (weakMatches.isEmpty()) {
            what = " describes " + labels(document) + " and states no matching SHA-256, SHA-384, SHA-512 or SHA3"
                    + " digest for ";
        } else {
            what = " states only " + String.join(" and ", new LinkedHashSet<>(weakMatches))
                    + ", which can be forged, and no SHA-256, SHA-384, SHA-512 or SHA3 digest for ";
        }
        return CheckResult.fail(
                Check.SBOM,
                Code.SBOM_NOT_BOUND,
                sbom,
                sbom + what + artifact.fileName() + ", and the policy binds SBOMs by digest, so the SBOM check fails.");
    }

    private static CheckResult notBoundByName(SpdxDocument document, String sbom, ArtifactContext artifact) {
        String artifactName = artifact.fileName();
        String what = document.described().isEmpty()
                ? describesNothing(document) + ", and its file name is not " + artifactName
                        + " with an SBOM suffix such as .spdx.json"
                : " describes " + labels(document) + ", none of which is " + artifactName + ": it states no digest of "
                        + artifactName + " and is not named after it";
        return CheckResult.fail(
                Check.SBOM,
                Code.SBOM_NOT_BOUND,
                sbom,
                sbom + what + ", so it does not bind to " + artifactName + " and the SBOM check fails.");
    }

    private static String describesNothing(SpdxDocument document) {
        if (document.unresolved().isEmpty()) {
            return " describes no package or file (it has no documentDescribes and no DESCRIBES relationship)";
        }
        return " describes only "
                + String.join(
                        ", ",
                        document.unresolved().stream().map(DetailText::quoted).toList())
                + ", which no package or file of the document is";
    }

    private static String labels(SpdxDocument document) {
        return document.described().stream().map(Element::label).collect(Collectors.joining(", "));
    }

    private static Map<String, String> facts(SpdxDocument document) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("format", SpdxDocument.FORMAT);
        facts.put("packages", Long.toString(document.packageCount()));
        facts.put("documentNamespace", document.namespace());
        if (!document.described().isEmpty()) {
            facts.put("describes", DetailText.message(labels(document)));
        }
        if (!document.unresolved().isEmpty()) {
            facts.put("unresolvedDescribes", DetailText.message(String.join(", ", document.unresolved())));
        }
        return facts;
    }
}
