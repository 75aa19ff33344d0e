package io.jenkins.plugins.releasegate.core.evidence;

import io.jenkins.plugins.releasegate.core.artifact.Artifact;
import io.jenkins.plugins.releasegate.core.policy.Policy;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the evidence beside an artifact: the default names of DESIGN.md ({@code app.jar.p7s}, {@code
 * app.jar.cdx.json}, ...) and the policy's own patterns.
 */
public final class EvidenceLocator {

    /** Default evidence suffixes per check, appended to the artifact's file name. */
    public static final Map<Check, List<String>> DEFAULT_SUFFIXES = Map.of(
            Check.SIGNATURE, List.of(".p7s", ".sig", ".asc", ".sigstore.json"),
            Check.SBOM, List.of(".cdx.json", ".cdx.xml", ".spdx.json", ".bom.json"),
            Check.SCAN, List.of(".sarif", ".sarif.json", ".trivy.json", ".grype.json", ".dependency-check.json"));

    private final Map<Check, List<String>> patterns = new EnumMap<>(Check.class);

    public EvidenceLocator(Policy policy) {
        for (Check check : Check.values()) {
            List<String> all = new ArrayList<>();
            DEFAULT_SUFFIXES.get(check).forEach(suffix -> all.add("{artifact}" + suffix));
            all.addAll(
                    switch (check) {
                        case SIGNATURE -> policy.signature().evidence();
                        case SBOM -> policy.sbom().evidence();
                        case SCAN -> policy.scan().evidence();
                    });
            patterns.put(check, List.copyOf(all));
        }
    }

    /** Files the gate itself writes beside artifacts: signed verdicts. */
    public static final List<String> GATE_OUTPUT_SUFFIXES = List.of(".vsa.dsse.json");

    /**
     * Whether a file name is evidence by its default name, or a verdict the gate wrote, so that a folder never offers
     * it as an artifact.
     */
    public static boolean isEvidenceName(String fileName) {
        return DEFAULT_SUFFIXES.values().stream().flatMap(List::stream).anyMatch(fileName::endsWith)
                || GATE_OUTPUT_SUFFIXES.stream().anyMatch(fileName::endsWith);
    }

    /** An evidence file found for an artifact, or the reason it must not be read. */
    public record Located(EvidenceFile file, String refusal) {}

    /**
     * The evidence files for one artifact and one check, in pattern order. A file that is a link out of the folder
     * being gated, or no regular file, is returned with the reason it must not be read, and is never opened.
     */
    public List<Located> locate(Artifact artifact, Check check) {
        String name = artifact.fileName();
        Path folder = artifact.file().toAbsolutePath().getParent();
        String displayPath = artifact.displayPath();
        String displayFolder = displayPath.substring(0, displayPath.length() - name.length());
        Set<Path> seen = new HashSet<>();
        List<Located> found = new ArrayList<>();
        for (String pattern : patterns.get(check)) {
            String relative = pattern.replace("{artifact}", name);
            Path candidate = folder.resolve(relative).normalize();
            if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS) || !seen.add(candidate)) {
                continue;
            }
            EvidenceFile evidence = new EvidenceFile(candidate, displayFolder + relative);
            found.add(new Located(evidence, refusalOrNull(candidate, artifact.root(), evidence.displayPath())));
        }
        return List.copyOf(found);
    }

    /** Why a file found in a gated folder must not be read: a link out of it, a broken link, or no regular file. */
    public static Optional<String> refusal(Path candidate, Path root, String displayPath) {
        return Optional.ofNullable(refusalOrNull(candidate, root, displayPath));
    }

    private static String refusalOrNull(Path candidate, Path root, String displayPath) {
        try {
            if (!candidate.toRealPath().startsWith(root.toRealPath())) {
                return displayPath + " is a link that leads outside the folder being gated, so it was not read.";
            }
        } catch (IOException e) {
            return displayPath + " is a link that leads nowhere, so it was not read.";
        }
        if (!Files.isRegularFile(candidate)) {
            return displayPath + " is not a regular file (a folder, FIFO, device or socket), so it was not read.";
        }
        return null;
    }
}
