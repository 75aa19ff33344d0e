package io.jenkins.plugins.releasegate.core.verdict;

import java.time.Instant;
import java.util.List;

/**
 * The gate's verdict on a release: the model every report format is written from.
 *
 * @param verdict pass when every artifact passed
 * @param audit whether the policy only audits, so that a failed verdict does not fail the build
 * @param policySha256 the digest of the effective policy
 * @param time when the gate ran
 * @param artifacts one report per artifact, sorted by path
 * @param notes remarks about the run as a whole, for example inputs that were skipped as evidence
 */
public record GateReport(
        Verdict verdict,
        boolean audit,
        String policySha256,
        Instant time,
        List<ArtifactReport> artifacts,
        List<String> notes) {

    public static final String SCHEMA = "release-gate/report/v1";

    public GateReport {
        artifacts = List.copyOf(artifacts);
        notes = List.copyOf(notes);
    }

    public String mode() {
        return audit ? "audit" : "enforce";
    }

    /** Whether the build that ran the gate may go on: it passed, or the policy only audits. */
    public boolean allowsRelease() {
        return verdict == Verdict.PASS || audit;
    }
}
