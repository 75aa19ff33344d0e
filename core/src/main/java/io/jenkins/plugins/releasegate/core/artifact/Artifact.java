package io.jenkins.plugins.releasegate.core.artifact;

import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.nio.file.Path;

/**
 * A file the gate decides on.
 *
 * @param file where it is
 * @param displayPath how reports name it: as given, relative where it was given relative, with {@code /} separators
 * @param root the folder being gated, which neither the artifact nor its evidence may lead out of
 * @param refusal why the artifact must not be read at all (a link out of {@code root}, a FIFO), or {@code null}
 */
public record Artifact(Path file, String displayPath, Path root, Refusal refusal) {

    /** Why an artifact is not read: the code its checks fail with, and the sentence. */
    public record Refusal(Code code, String reason) {}

    /** An artifact given by name, whose folder is its own root. */
    public Artifact(Path file, String displayPath) {
        this(file, displayPath, file.toAbsolutePath().getParent(), null);
    }

    public String fileName() {
        return file.getFileName().toString();
    }
}
