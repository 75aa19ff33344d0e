package io.jenkins.plugins.releasegate.core.artifact;

import io.jenkins.plugins.releasegate.core.evidence.EvidenceLocator;
import io.jenkins.plugins.releasegate.core.policy.ArtifactPatterns;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
        Path root;
        try {
            root = folder.toRealPath();
        } catch (IOException e) {
            throw new GateInputException(display + " could not be opened: " + e.getMessage());
        }
        // Links are listed, not followed, so that each can be held to the folder being gated.
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(file -> !Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS))
                    .map(file -> folder.relativize(file).toString().replace('\\', '/'))
                    .filter(this::isArtifact)
                    .map(relative -> artifact(folder.resolve(relative), prefix + relative, root, display))
                    .toList();
        } catch (IOException | UncheckedIOException e) {
            throw new GateInputException(display + " could not be listed: " + e.getMessage());
        }
    }

    private static Artifact artifact(Path file, String displayPath, Path root, String folderName) {
        return new Artifact(
                file, displayPath, root, refusal(file, root, folderName).orElse(null));
    }

    /** Why a file found in a folder must not be read: a link out of the folder, a broken link, or no regular file. */
    static Optional<Artifact.Refusal> refusal(Path file, Path root, String folderName) {
        String name = file.getFileName().toString();
        if (Files.isSymbolicLink(file)) {
            Path target;
            try {
                target = file.toRealPath();
            } catch (IOException e) {
                return Optional.of(new Artifact.Refusal(
                        Code.ARTIFACT_UNSAFE_PATH, name + " is a link that leads nowhere, so it was not read."));
            }
            if (!target.startsWith(root)) {
                return Optional.of(new Artifact.Refusal(
                        Code.ARTIFACT_UNSAFE_PATH,
                        name + " is a link that leads outside " + folderName
                                + ", so it was not read and fails the gate."));
            }
        }
        if (!Files.isRegularFile(file)) {
            return Optional.of(new Artifact.Refusal(
                    Code.ARTIFACT_NOT_REGULAR,
                    name
                            + " is not a regular file (a FIFO, device or socket), so it was not read and fails"
                            + " the gate."));
        }
        return Optional.empty();
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
