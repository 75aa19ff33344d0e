package io.jenkins.plugins.releasegate.coverage;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import hudson.model.Job;
import hudson.model.Run;
import io.jenkins.plugins.releasegate.SampleReports;
import io.jenkins.plugins.releasegate.actions.GateReportAction;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Jobs and builds as coverage sees them: each build finished some days ago, with its gate reports. */
final class Builds {

    private Builds() {}

    /** A job whose builds, newest first, are the given ones. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    static Job job(String name, List<Run> newestFirst) {
        Job job = mock(Job.class);
        when(job.getFullName()).thenReturn(name);
        when(job.getUrl()).thenReturn("job/" + name + "/");
        when(job.getLastCompletedBuild()).thenReturn(newestFirst.isEmpty() ? null : newestFirst.get(0));
        for (int i = 0; i < newestFirst.size(); i++) {
            Run run = newestFirst.get(i);
            when(run.getParent()).thenReturn(job);
            when(run.getNumber()).thenReturn(newestFirst.size() - i);
            when(run.getPreviousBuild()).thenReturn(i + 1 < newestFirst.size() ? newestFirst.get(i + 1) : null);
        }
        return job;
    }

    /** A finished build of one minute that ended {@code daysAgo} days before {@code now}. */
    @SuppressWarnings("rawtypes")
    static Run build(Instant now, int daysAgo, boolean archived, GateReport... reports) {
        Run run = mock(Run.class);
        long start =
                now.minus(Duration.ofDays(daysAgo)).minus(Duration.ofMinutes(1)).toEpochMilli();
        when(run.getTimeInMillis()).thenReturn(start);
        when(run.getDuration()).thenReturn(60_000L);
        when(run.getHasArtifacts()).thenReturn(archived);
        List<GateReportAction> actions = new ArrayList<>();
        for (GateReport report : reports) {
            actions.add(new GateReportAction(SampleReports.json(report), actions.size() + 1));
        }
        when(run.getActions(GateReportAction.class)).thenReturn(actions);
        return run;
    }
}
