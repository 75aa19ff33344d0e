package io.jenkins.plugins.releasegate.core.coverage;

import io.jenkins.plugins.releasegate.core.verdict.ExceptionUse;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What coverage needs to know of one finished build, kept small so that thousands of them are cheap to hold.
 *
 * @param job the job's full name
 * @param number the build number
 * @param finished when the build finished
 * @param archivedArtifacts whether the build archived any artifact
 * @param outcome what the gate decided
 * @param exceptions the exceptions that waived something in this build, once each
 */
public record BuildRecord(
        String job,
        int number,
        Instant finished,
        boolean archivedArtifacts,
        BuildOutcome outcome,
        List<ExceptionUse> exceptions) {

    public BuildRecord {
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(finished, "finished");
        Objects.requireNonNull(outcome, "outcome");
        exceptions = List.copyOf(exceptions);
    }

    /** The record of a build from the reports of its gate runs. */
    public static BuildRecord of(
            String job, int number, Instant finished, boolean archivedArtifacts, List<GateReport> reports) {
        return new BuildRecord(
                job,
                number,
                finished,
                archivedArtifacts,
                BuildOutcome.of(reports),
                BuildOutcome.exceptionsUsed(reports));
    }

    /** A build that archived artifacts without a gate verdict: what mandatory gating is about. */
    public boolean ungated() {
        return archivedArtifacts && !outcome.ranTheGate();
    }
}
