package io.jenkins.plugins.releasegate.coverage;

import hudson.AbortException;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.BuildListener;
import hudson.model.Run;
import io.jenkins.plugins.releasegate.core.coverage.ArchiveGuard;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import io.jenkins.plugins.releasegate.steps.GlobalPolicy;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.StandardArtifactManager;

/**
 * Stores artifacts as Jenkins' standard manager does, after the archive guard has passed every one of them: a file
 * the global policy calls an artifact is archived only with content that passed the gate in this build. One refused
 * file refuses the whole archiving, with a message per refused file, so nothing is half archived.
 */
public final class GatedArtifactManager extends StandardArtifactManager {

    public GatedArtifactManager(Run<?, ?> build) {
        super(build);
    }

    @Override
    public void archive(FilePath workspace, Launcher launcher, BuildListener listener, Map<String, String> artifacts)
            throws IOException, InterruptedException {
        ArchiveGuard guard = new ArchiveGuard(GlobalPolicy.policy().artifacts());
        List<String> refused = refusals(guard, workspace, artifacts, BuildRecords.reports(build));
        if (!refused.isEmpty()) {
            throw new AbortException(Messages.GatedArtifactManager_Refused(refused.size(), String.join(" ", refused)));
        }
        super.archive(workspace, launcher, listener, artifacts);
    }

    /**
     * The reasons, one per file, why files may not be archived; empty when all may.
     *
     * @param artifacts archive path to workspace path, as Jenkins hands them over
     */
    static List<String> refusals(
            ArchiveGuard guard, FilePath workspace, Map<String, String> artifacts, List<GateReport> reports)
            throws IOException, InterruptedException {
        Map<String, String> toHash = new LinkedHashMap<>();
        artifacts.forEach((archived, inWorkspace) -> {
            if (guard.needsDigest(archived)) {
                toHash.put(archived, inWorkspace);
            }
        });
        if (toHash.isEmpty()) {
            return List.of();
        }
        Map<String, String> digests = workspace.act(new Sha256Callable(new ArrayList<>(toHash.values())));
        List<String> refused = new ArrayList<>();
        toHash.forEach((archived, inWorkspace) -> {
            ArchiveGuard.Decision decision = guard.decide(archived, digests.get(inWorkspace), reports);
            if (!decision.allowed()) {
                refused.add(decision.reason());
            }
        });
        return refused;
    }
}
