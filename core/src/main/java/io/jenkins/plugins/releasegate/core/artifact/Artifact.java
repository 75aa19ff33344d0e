package io.jenkins.plugins.releasegate.core.artifact;

/**
 * A file the gate decides on.
 *
 * @param file where it is
 * @param displayPath how reports name it: as given, relative where it was given relative, with {@code /} separators
 */
public record Artifact(java.nio.file.Path file, String displayPath) {

    public String fileName() {
        return file.getFileName().toString();
    }
}
