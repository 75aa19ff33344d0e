package io.jenkins.plugins.releasegate.core.evidence;

import io.jenkins.plugins.releasegate.core.policy.Policy;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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

    /** Whether a file name is evidence by its default name, so that a folder never offers it as an artifact. */
    public static boolean isEvidenceName(String fileName) {
        return DEFAULT_SUFFIXES.values().stream().flatMap(List::stream).anyMatch(fileName::endsWith);
    }

    /**
     * The evidence files for one artifact and one check that exist as regular files, in pattern order.
     *
     * @param artifact the artifact's path
     * @param displayPath how reports name the artifact; evidence is named the same way
     */
    public List<EvidenceFile> locate(Path artifact, String displayPath, Check check) {
        String name = artifact.getFileName().toString();
        Path folder = artifact.toAbsolutePath().getParent();
        String displayFolder = displayPath.substring(0, displayPath.length() - name.length());
        Set<EvidenceFile> found = new LinkedHashSet<>();
        for (String pattern : patterns.get(check)) {
            String relative = pattern.replace("{artifact}", name);
            Path candidate = folder.resolve(relative).normalize();
            if (Files.isRegularFile(candidate)) {
                found.add(new EvidenceFile(candidate, displayFolder + relative));
            }
        }
        return List.copyOf(found);
    }
}
