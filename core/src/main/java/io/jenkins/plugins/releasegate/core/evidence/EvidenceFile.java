package io.jenkins.plugins.releasegate.core.evidence;

import java.nio.file.Path;

/**
 * A file found as evidence for an artifact.
 *
 * @param path where it is
 * @param displayPath how reports name it: relative where the artifact was given relative
 */
public record EvidenceFile(Path path, String displayPath) {

    @Override
    public String toString() {
        return displayPath;
    }
}
