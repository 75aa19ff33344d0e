package io.jenkins.plugins.releasegate.core.artifact;

import io.jenkins.plugins.releasegate.core.evidence.EvidenceLocator;
import io.jenkins.plugins.releasegate.core.policy.ArtifactPatterns;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Turns the paths given to the gate into artifacts: a file is an artifact unless it is evidence; a folder contributes
 * every regular file below it that the policy's patterns include and do not exclude, never evidence.
 */
public final class ArtifactCollector {

    private final List<AntPattern> include;
    private final List<AntPattern> exclude;

    public ArtifactCollector(ArtifactPatterns patterns) {
        this.include = patterns.include().stream().map(AntPattern::compile).toList();
        this.exclude = patterns.exclude().stream().map(AntPattern::compile).toList();
    }

    /** The artifacts and the remarks about inputs that were skipped. */
    public record Collected(List<Artifact> artifacts, List<String> notes) {}

    /**
     * Collects the artifacts of the given inputs, each named in reports as given.
     *
     * @throws GateInputException when an input does not exist or a folder cannot be listed
     */
    public Collected collect(List<String> inputs, Path workingFolder) throws GateInputException {
        Map<Path, Artifact> artifacts = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        for (String input : inputs) {
            Path path = workingFolder.resolve(input).normalize();
            String display = displayName(input);
            if (Files.isDirectory(path)) {
                for (Artifact artifact : walk(path, display)) {
                    artifacts.putIfAbsent(artifact.file(), artifact);
                }
            } else if (Files.isRegularFile(path)) {
                if (EvidenceLocator.isEvidenceName(path.getFileName().toString())) {
                    notes.add(display + " was skipped: it is evidence, not an artifact.");
                } else {
                    artifacts.putIfAbsent(path, new Artifact(path, display));
                }
            } else if (Files.exists(path)) {
                throw new GateInputException(
                        display + " is neither a regular file nor a folder, so it cannot be gated.");
            } else {
                throw new GateInputException(display + " does not exist.");
            }
        }
        List<Artifact> sorted = new ArrayList<>(artifacts.values());
        sorted.sort(Comparator.comparing(Artifact::displayPath));
        return new Collected(sorted, notes);
    }

    private List<Artifact> walk(Path folder, String display) throws GateInputException {
        String prefix = display.isEmpty() || display.equals(".") ? "" : display.endsWith("/") ? display : display + "/";
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile)
                    .map(file -> folder.relativize(file).toString().replace('\\', '/'))
                    .filter(this::isArtifact)
                    .map(relative -> new Artifact(folder.resolve(relative), prefix + relative))
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new GateInputException(display + " could not be listed: " + e.getMessage());
        }
    }

    private boolean isArtifact(String relativePath) {
        String name = relativePath.substring(relativePath.lastIndexOf('/') + 1);
        return !EvidenceLocator.isEvidenceName(name)
                && include.stream().anyMatch(pattern -> pattern.matches(relativePath))
                && exclude.stream().noneMatch(pattern -> pattern.matches(relativePath));
    }

    private static String displayName(String input) {
        String display = input.replace('\\', '/');
        while (display.startsWith("./") && display.length() > 2) {
            display = display.substring(2);
        }
        return display;
    }
}
