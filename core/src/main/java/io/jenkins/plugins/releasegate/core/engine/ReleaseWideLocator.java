package io.jenkins.plugins.releasegate.core.engine;

import io.jenkins.plugins.releasegate.core.artifact.Artifact;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceLocator;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Finds release-wide evidence: SBOM and scan files (by their default suffixes) in the folders given to the gate that
 * are not the evidence of any artifact of the run.
 */
final class ReleaseWideLocator {

    /** A file found, before it is read. */
    record Found(Check check, EvidenceFile file, Path folder, String folderName) {}

    private final EvidenceLocator locator;

    ReleaseWideLocator(EvidenceLocator locator) {
        this.locator = locator;
    }

    /** The candidates in the given folders for the given checks, in path order; an unlistable folder adds none. */
    List<Found> find(List<String> inputs, Path workingFolder, List<Artifact> artifacts, Set<Check> checks) {
        if (artifacts.isEmpty()) {
            return List.of();
        }
        Set<Path> perArtifact = new HashSet<>();
        for (Artifact artifact : artifacts) {
            for (Check check : Check.values()) {
                locator.locate(artifact, check)
                        .forEach(located ->
                                perArtifact.add(normalized(located.file().path())));
            }
        }
        List<Found> found = new ArrayList<>();
        for (String input : inputs) {
            Path folder = normalized(workingFolder.resolve(input));
            if (!Files.isDirectory(folder)) {
                continue;
            }
            String display = displayName(input);
            String prefix =
                    display.isEmpty() || display.equals(".") ? "" : display.endsWith("/") ? display : display + "/";
            try (Stream<Path> files = Files.walk(folder)) {
                files.filter(file -> !Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS))
                        .sorted(Comparator.naturalOrder())
                        .forEach(file -> checkFor(file.getFileName().toString(), checks)
                                .filter(check ->
                                        !perArtifact.contains(normalized(file)) && !namedAfterAFileBeside(file))
                                .ifPresent(check -> found.add(new Found(
                                        check,
                                        new EvidenceFile(
                                                file,
                                                prefix
                                                        + folder.relativize(normalized(file))
                                                                .toString()
                                                                .replace('\\', '/')),
                                        folder,
                                        display))));
            } catch (IOException | UncheckedIOException e) {
                // The collector listed the same folder a moment ago; a folder that vanished since offers no evidence.
            }
        }
        return found;
    }

    /**
     * Whether the file is named as the evidence of a file beside it ({@code lib.jar.cdx.json} beside {@code lib.jar}),
     * even one the policy's patterns leave out of the run: that is evidence meant for one file, not for the release.
     */
    private static boolean namedAfterAFileBeside(Path file) {
        String name = file.getFileName().toString();
        return EvidenceLocator.DEFAULT_SUFFIXES.values().stream()
                .flatMap(List::stream)
                .filter(suffix -> name.endsWith(suffix) && name.length() > suffix.length())
                .anyMatch(suffix -> Files.exists(
                        file.resolveSibling(name.substring(0, name.length() - suffix.length())),
                        LinkOption.NOFOLLOW_LINKS));
    }

    private static Optional<Check> checkFor(String fileName, Set<Check> checks) {
        for (Check check : List.of(Check.SBOM, Check.SCAN)) {
            if (checks.contains(check)
                    && EvidenceLocator.DEFAULT_SUFFIXES.get(check).stream().anyMatch(fileName::endsWith)) {
                return Optional.of(check);
            }
        }
        return Optional.empty();
    }

    private static Path normalized(Path path) {
        return path.toAbsolutePath().normalize();
    }

    private static String displayName(String input) {
        String display = input.replace('\\', '/');
        while (display.startsWith("./") && display.length() > 2) {
            display = display.substring(2);
        }
        return display;
    }
}
