package io.jenkins.plugins.releasegate.coverage;

import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.releasegate.core.artifact.ArtifactHasher;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jenkins.MasterToSlaveFileCallable;

/**
 * Hashes files of the workspace on the agent that holds it, so that only their digests cross to the controller.
 * Paths are relative to the workspace, as the archiver names them.
 */
final class Sha256Callable extends MasterToSlaveFileCallable<Map<String, String>> {

    private static final long serialVersionUID = 1L;

    // A plain list: the channel's class filters know it.
    private final ArrayList<String> paths;

    Sha256Callable(List<String> paths) {
        this.paths = new ArrayList<>(paths);
    }

    @Override
    public Map<String, String> invoke(File workspace, VirtualChannel channel) throws IOException {
        Path root = workspace.toPath();
        Map<String, String> digests = new LinkedHashMap<>();
        for (String path : paths) {
            digests.put(
                    path, ArtifactHasher.digest(root.resolve(path), Set.of()).sha256());
        }
        return digests;
    }
}
