package io.jenkins.plugins.releasegate.core.verdict;

import java.util.List;

/**
 * The gate's verdict on one artifact.
 *
 * @param path the artifact as given, relative where it was given relative
 * @param sha256 its SHA-256, lower-case hex, or {@code null} when it could not be read
 * @param verdict pass when every required check passed or was waived
 * @param checks one result per check, in the order signature, SBOM, scan
 */
public record ArtifactReport(String path, String sha256, Verdict verdict, List<CheckResult> checks) {

    public ArtifactReport {
        checks = List.copyOf(checks);
    }
}
