package io.jenkins.plugins.releasegate.core.sbom;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactDigests;
import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import io.jenkins.plugins.releasegate.core.evidence.ArtifactContext;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.policy.Binding;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decides whether a schema-valid CycloneDX SBOM describes the artifact, and so how its check ends. {@link SpdxBinding}
 * applies the same rules to the elements an SPDX document describes, with the name rules and digest comparison kept
 * here.
 *
 * <p>Every digest the described component ({@code metadata.component}) states in an algorithm the gate computes must
 * match the artifact, whatever the policy says. Then the SBOM binds:
 *
 * <ul>
 *   <li>by digest, when one of those matching digests is strong (SHA-256, SHA-384, SHA-512 or SHA3); {@code binding:
 *       digest} accepts nothing else;
 *   <li>under {@code binding: name} also by file name, when the evidence file is the artifact's file name plus an SBOM
 *       suffix ({@code app.jar.cdx.json}, {@code .cdx.xml}, {@code .bom.json}, {@code .bom.xml}, {@code .spdx.json}),
 *       or matches the last segment of a policy evidence pattern when that segment contains {@code {artifact}};
 *   <li>under {@code binding: name} also by component name, when the described component's name is the artifact's
 *       file name, that file name without its extension ({@code app} for {@code app.jar}, {@code app} for {@code
 *       app.tar.gz}), or that name and the component's version joined by a dash ({@code app-1.2.0.jar} for {@code app}
 *       1.2.0). Names compare exactly, case included.
 * </ul>
 */
final class SbomBinding {

    private static final List<String> SBOM_SUFFIXES =
            List.of(".cdx.json", ".cdx.xml", ".bom.json", ".bom.xml", ".spdx.json");
    private static final List<String> DOUBLE_EXTENSIONS = List.of(".tar.gz", ".tar.bz2", ".tar.xz", ".tar.zst");
    private static final String ARTIFACT_PLACEHOLDER = "{artifact}";

    private final Binding binding;
    private final List<String> evidencePatterns;

    SbomBinding(Binding binding, List<String> evidencePatterns) {
        this.binding = binding;
        this.evidencePatterns = List.copyOf(evidencePatterns);
    }

    /** The artifact digests the gate must compute to compare with what the SBOM states. */
    static Set<DigestAlgorithm> digestsToCompare(SbomDocument document) {
        Set<DigestAlgorithm> needed = EnumSet.noneOf(DigestAlgorithm.class);
        document.describedComponent()
                .ifPresent(component -> component
                        .digests()
                        .forEach(digest ->
                                DigestAlgorithm.byName(digest.algorithm()).ifPresent(needed::add)));
        return needed;
    }

    CheckResult decide(
            SbomDocument document, EvidenceFile evidence, ArtifactContext artifact, ArtifactDigests digests) {
        String sbom = evidence.displayPath();
        Map<String, String> facts = facts(document);
        DescribedComponent described = document.described();

        Comparison comparison = compareDigests(sbom, described, artifact, digests);
        if (!comparison.unchecked().isEmpty()) {
            facts.put("uncheckedDigests", String.join(", ", comparison.unchecked()));
        }
        if (comparison.mismatch() != null) {
            return comparison.mismatch().withFacts(facts);
        }

        if (comparison.strongMatch() != null) {
            return bound(document, sbom, artifact, comparison.strongMatch().jcaName() + " digest", facts);
        }
        if (binding == Binding.DIGEST) {
            return notBoundByDigest(sbom, described, comparison.weakMatches(), artifact)
                    .withFacts(facts);
        }
        if (namedAfterArtifact(evidence.path(), artifact.fileName())) {
            return bound(document, sbom, artifact, "file name", facts);
        }
        if (described != null && describesByName(described, artifact.fileName())) {
            return bound(document, sbom, artifact, "component name", facts);
        }
        return notBoundByName(sbom, described, artifact).withFacts(facts);
    }

    /** Compares every digest the described component states with the artifact's, all of them even after a mismatch. */
    static Comparison compareDigests(
            String sbom, DescribedComponent described, ArtifactContext artifact, ArtifactDigests digests) {
        CheckResult mismatch = null;
        DigestAlgorithm strongMatch = null;
        List<String> weakMatches = new ArrayList<>();
        List<String> unchecked = new ArrayList<>();
        for (StatedDigest stated : described == null ? List.<StatedDigest>of() : described.digests()) {
            Optional<DigestAlgorithm> algorithm = DigestAlgorithm.byName(stated.algorithm());
            if (algorithm.isEmpty()) {
                unchecked.add(String.valueOf(stated.algorithm()));
                continue;
            }
            Optional<CheckResult> failure = compare(stated, algorithm.get(), sbom, described, artifact, digests);
            if (failure.isPresent()) {
                mismatch = mismatch == null ? failure.get() : mismatch;
            } else if (!algorithm.get().strong()) {
                weakMatches.add(algorithm.get().jcaName());
            } else if (strongMatch == null) {
                strongMatch = algorithm.get();
            }
        }
        return new Comparison(mismatch, strongMatch, weakMatches, unchecked);
    }

    private static Optional<CheckResult> compare(
            StatedDigest stated,
            DigestAlgorithm algorithm,
            String sbom,
            DescribedComponent described,
            ArtifactContext artifact,
            ArtifactDigests digests) {
        Optional<Boolean> matches = digests.matches(algorithm, String.valueOf(stated.value()));
        if (matches.isEmpty()) {
            // digestsNeeded() asked for it, so only a fault in the gate leaves it out; that must not pass.
            return Optional.of(CheckResult.fail(
                    Check.SBOM,
                    Code.INTERNAL_ERROR,
                    sbom,
                    "The " + algorithm.jcaName() + " digest of " + artifact.fileName() + " was not computed, so the "
                            + algorithm.jcaName() + " digest that " + sbom + " states could not be compared and the"
                            + " SBOM check fails."));
        }
        if (matches.get()) {
            return Optional.empty();
        }
        String actual = digests.hex(algorithm).orElse("unknown");
        return Optional.of(CheckResult.fail(
                Check.SBOM,
                Code.SBOM_DIGEST_MISMATCH,
                sbom,
                sbom + " states the " + algorithm.jcaName() + " digest " + DetailText.message(stated.value()) + " for "
                        + described.label() + ", but " + artifact.fileName() + " has " + algorithm.jcaName() + " "
                        + actual + ", so the SBOM describes another file and the SBOM check fails."));
    }

    private static CheckResult bound(
            SbomDocument document, String sbom, ArtifactContext artifact, String boundBy, Map<String, String> facts) {
        facts.put("boundBy", boundBy);
        String how = switch (boundBy) {
            case "file name" -> "its file name";
            case "component name" ->
                "the name of the component it describes, "
                        + document.described().label();
            default -> "its " + boundBy;
        };
        return CheckResult.pass(
                Check.SBOM,
                Code.SBOM_VALID,
                sbom,
                sbom + " is a valid " + document.format() + " SBOM of " + document.componentCount()
                        + (document.componentCount() == 1 ? " component" : " components") + " and binds to "
                        + artifact.fileName() + " by " + how + ".",
                facts);
    }

    private static CheckResult notBoundByDigest(
            String sbom, DescribedComponent described, List<String> weakMatches, ArtifactContext artifact) {
        String what;
        if (described == null) {
            what = " describes no component (it has no metadata.component), so it states no digest for ";
        } else if (weakMatches.isEmpty()) {
            what = " states no SHA-256, SHA-384, SHA-512 or SHA3 digest for ";
        } else {
            what = " states only " + String.join(" and ", weakMatches)
                    + ", which can be forged, and no SHA-256, SHA-384, SHA-512 or SHA3 digest for ";
        }
        return CheckResult.fail(
                Check.SBOM,
                Code.SBOM_NOT_BOUND,
                sbom,
                sbom + what + artifact.fileName() + ", and the policy binds SBOMs by digest, so the SBOM check fails.");
    }

    private static CheckResult notBoundByName(String sbom, DescribedComponent described, ArtifactContext artifact) {
        String artifactName = artifact.fileName();
        String what = described == null
                ? " describes no component (it has no metadata.component), and its file name is not " + artifactName
                        + " with an SBOM suffix such as .cdx.json"
                : " describes " + described.label() + ", which is not " + artifactName + ": it states no digest of "
                        + artifactName + " and is not named after it";
        return CheckResult.fail(
                Check.SBOM,
                Code.SBOM_NOT_BOUND,
                sbom,
                sbom + what + ", so it does not bind to " + artifactName + " and the SBOM check fails.");
    }

    /** Whether the evidence file is named after the artifact, by a default SBOM suffix or a policy pattern. */
    boolean namedAfterArtifact(Path evidencePath, String artifactName) {
        Path fileName = evidencePath.getFileName();
        if (fileName == null) {
            return false;
        }
        String evidenceName = fileName.toString();
        for (String suffix : SBOM_SUFFIXES) {
            if (evidenceName.equals(artifactName + suffix)) {
                return true;
            }
        }
        for (String pattern : evidencePatterns) {
            String segment = lastSegment(pattern);
            if (segment.contains(ARTIFACT_PLACEHOLDER)
                    && segmentGlob(segment, artifactName).matcher(evidenceName).matches()) {
                return true;
            }
        }
        return false;
    }

    private static String lastSegment(String pattern) {
        return pattern.substring(Math.max(pattern.lastIndexOf('/'), pattern.lastIndexOf('\\')) + 1);
    }

    /** A pattern segment as a regular expression: the artifact's name literally, * and ? as globs. */
    private static Pattern segmentGlob(String segment, String artifactName) {
        String[] parts = segment.split(Pattern.quote(ARTIFACT_PLACEHOLDER), -1);
        StringBuilder regex = new StringBuilder(globToRegex(parts[0]));
        for (int i = 1; i < parts.length; i++) {
            regex.append(Pattern.quote(artifactName)).append(globToRegex(parts[i]));
        }
        return Pattern.compile(regex.toString());
    }

    private static String globToRegex(String glob) {
        StringBuilder regex = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (char c : glob.toCharArray()) {
            if (c == '*' || c == '?') {
                if (literal.length() > 0) {
                    regex.append(Pattern.quote(literal.toString()));
                    literal.setLength(0);
                }
                regex.append(c == '*' ? "[^/]*" : "[^/]");
            } else {
                literal.append(c);
            }
        }
        if (literal.length() > 0) {
            regex.append(Pattern.quote(literal.toString()));
        }
        return regex.toString();
    }

    static boolean describesByName(DescribedComponent described, String artifactName) {
        String name = described.name();
        if (name.isEmpty()) {
            return false;
        }
        String stem = withoutExtension(artifactName);
        String version = described.version();
        return name.equals(artifactName)
                || name.equals(stem)
                || version != null && !version.isEmpty() && stem.equals(name + "-" + version);
    }

    static String withoutExtension(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (String extension : DOUBLE_EXTENSIONS) {
            if (lower.endsWith(extension) && lower.length() > extension.length()) {
                return fileName.substring(0, fileName.length() - extension.length());
            }
        }
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    private static Map<String, String> facts(SbomDocument document) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("format", document.format());
        facts.put("specVersion", document.version().text());
        facts.put("components", Long.toString(document.componentCount()));
        if (document.serialNumber() != null) {
            facts.put("serialNumber", document.serialNumber());
        }
        document.describedComponent().ifPresent(component -> facts.put("describes", component.label()));
        return facts;
    }

    /**
     * What comparing the stated digests found: the first mismatch or missing digest as a failed check, the first
     * strong algorithm that matched, the weak ones that matched, and the stated algorithms the gate cannot compute.
     */
    record Comparison(
            CheckResult mismatch, DigestAlgorithm strongMatch, List<String> weakMatches, List<String> unchecked) {}
}
