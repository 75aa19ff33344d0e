package io.jenkins.plugins.releasegate.core.engine;

import io.jenkins.plugins.releasegate.core.artifact.Artifact;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.ReleaseWideReader.Reading;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An SBOM or scan file in a gated folder that is named after no artifact of the run, read once as possible evidence
 * for every artifact in that folder. It remembers whether it named any of them, for the run's notes.
 *
 * @param check the check it is evidence for
 * @param file the file
 * @param folder the gated folder it was found in; it applies to the artifacts below it
 * @param folderName that folder as the input named it
 * @param reading what reading it gave
 * @param used set once it binds to an artifact
 */
record ReleaseWideCandidate(
        Check check, EvidenceFile file, Path folder, String folderName, Reading reading, AtomicBoolean used) {

    /** Whether the artifact lies in the folder this file was found in. */
    boolean covers(Artifact artifact) {
        return artifact.file().toAbsolutePath().normalize().startsWith(folder);
    }
}
