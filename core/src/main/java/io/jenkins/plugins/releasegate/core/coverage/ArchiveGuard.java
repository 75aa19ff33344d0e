package io.jenkins.plugins.releasegate.core.coverage;

import io.jenkins.plugins.releasegate.core.artifact.AntPattern;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceLocator;
import io.jenkins.plugins.releasegate.core.policy.ArtifactPatterns;
import io.jenkins.plugins.releasegate.core.verdict.ArtifactReport;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import io.jenkins.plugins.releasegate.core.verdict.Verdict;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Mandatory gating at the archive: a file the global policy calls an artifact is archived only when a gate run of
 * the same build passed it with exactly the content about to be archived. Evidence, the gate's own verdicts and files
 * the policy does not call artifacts pass through.
 */
public final class ArchiveGuard {

    private final List<AntPattern> include;
    private final List<AntPattern> exclude;

    public ArchiveGuard(ArtifactPatterns patterns) {
        this.include = patterns.include().stream().map(AntPattern::compile).toList();
        this.exclude = patterns.exclude().stream().map(AntPattern::compile).toList();
    }

    /** What the guard decided for one file, with the sentence that says why. */
    public record Decision(boolean allowed, String reason) {}

    /**
     * Whether the guard needs the file's digest to decide: only artifacts need a verdict, so evidence and files the
     * policy does not call artifacts are let through without being read.
     *
     * @param path the file as the archive names it, relative, with forward slashes
     */
    public boolean needsDigest(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return !EvidenceLocator.isEvidenceName(name)
                && include.stream().anyMatch(pattern -> pattern.matches(path))
                && exclude.stream().noneMatch(pattern -> pattern.matches(path));
    }

    /**
     * Decides whether one file may be archived.
     *
     * @param path the file as the archive names it, relative, with forward slashes
     * @param sha256 the file's SHA-256 in hex, computed from the bytes about to be archived
     * @param reports every gate run of the build so far
     */
    public Decision decide(String path, String sha256, List<GateReport> reports) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        if (EvidenceLocator.isEvidenceName(name)) {
            return new Decision(true, path + " is evidence, not an artifact.");
        }
        if (include.stream().noneMatch(pattern -> pattern.matches(path))
                || exclude.stream().anyMatch(pattern -> pattern.matches(path))) {
            return new Decision(true, path + " is not an artifact under the global policy's artifact patterns.");
        }
        String digest = sha256.toLowerCase(Locale.ROOT);
        List<ArtifactReport> judged = reports.stream()
                .flatMap(report -> report.artifacts().stream())
                .filter(artifact -> Objects.equals(artifact.sha256(), digest))
                .toList();
        // A passing verdict holds in audit mode too: it says every check passed, whatever the mode.
        if (judged.stream().anyMatch(artifact -> artifact.verdict() == Verdict.PASS)) {
            return new Decision(true, path + " passed the gate in this build (SHA-256 " + digest + ").");
        }
        if (reports.isEmpty()) {
            return new Decision(
                    false,
                    path + " is an artifact, but this build has not run releaseGate, so it may not be archived.");
        }
        if (judged.isEmpty()) {
            return new Decision(
                    false,
                    path + " (SHA-256 " + digest + ") was not gated in this build: no gate run saw this content,"
                            + " so it may not be archived.");
        }
        return new Decision(
                false,
                path + " (SHA-256 " + digest + ") did not pass the gate in this build, so it may"
                        + " not be archived.");
    }
}
