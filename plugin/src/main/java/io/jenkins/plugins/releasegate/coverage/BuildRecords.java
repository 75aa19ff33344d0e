package io.jenkins.plugins.releasegate.coverage;

import hudson.model.Job;
import hudson.model.Run;
import io.jenkins.plugins.releasegate.actions.GateReportAction;
import io.jenkins.plugins.releasegate.core.coverage.BuildRecord;
import io.jenkins.plugins.releasegate.core.coverage.Coverage;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What coverage knows of a build, read from the gate reports the build carries. A finished build does not change, so
 * its record is kept, up to a bound, and thousands of jobs do not make every page view re-read every report.
 */
final class BuildRecords {

    /** How many of a job's builds of the last 30 days count towards the shares, newest first. */
    static final int MAX_RECENT_BUILDS = 500;

    /** How many records are kept; the least recently used go first. */
    static final int CAPACITY = 100_000;

    private static final Map<String, BuildRecord> CACHE = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, BuildRecord> eldest) {
            return size() > CAPACITY;
        }
    };

    private BuildRecords() {}

    /** The record of a finished build. */
    static BuildRecord of(Run<?, ?> run) {
        String key = run.getParent().getFullName() + "#" + run.getNumber();
        synchronized (CACHE) {
            BuildRecord known = CACHE.get(key);
            if (known != null) {
                return known;
            }
        }
        BuildRecord record = read(run);
        synchronized (CACHE) {
            CACHE.put(key, record);
        }
        return record;
    }

    /** The record of a build that is finishing now, read afresh: its actions may have changed until this moment. */
    static BuildRecord finishing(Run<?, ?> run) {
        BuildRecord record = read(run);
        synchronized (CACHE) {
            CACHE.put(run.getParent().getFullName() + "#" + run.getNumber(), record);
        }
        return record;
    }

    private static BuildRecord read(Run<?, ?> run) {
        return BuildRecord.of(
                run.getParent().getFullName(), run.getNumber(), finished(run), run.getHasArtifacts(), reports(run));
    }

    /** Every gate run's report of the build; a stored report that no longer reads counts as a failed run. */
    static List<GateReport> reports(Run<?, ?> run) {
        List<GateReport> reports = new ArrayList<>();
        for (GateReportAction action : run.getActions(GateReportAction.class)) {
            reports.add(action.report().orElseGet(() -> GateReportAction.unreadableReport(run.getTimeInMillis())));
        }
        return reports;
    }

    /**
     * One coverage row: the job's last finished build and those that finished in the last 30 days, at most
     * {@value #MAX_RECENT_BUILDS} of them, so that a job that builds every few minutes does not load thousands of
     * build records for one page view.
     */
    static Coverage.JobRow row(Job<?, ?> job, Instant now) {
        return row(job, now, MAX_RECENT_BUILDS);
    }

    static Coverage.JobRow row(Job<?, ?> job, Instant now, int maxRecent) {
        Run<?, ?> last = job.getLastCompletedBuild();
        Instant since = now.minus(Coverage.LONG_WINDOW);
        List<BuildRecord> recent = new ArrayList<>();
        for (Run<?, ?> run = last; run != null && recent.size() < maxRecent; run = run.getPreviousBuild()) {
            if (Instant.ofEpochMilli(run.getTimeInMillis()).isBefore(since)) {
                break;
            }
            BuildRecord record = of(run);
            if (!record.finished().isBefore(since)) {
                recent.add(record);
            }
        }
        return new Coverage.JobRow(
                job.getFullName(), job.getUrl(), Optional.ofNullable(last).map(BuildRecords::of), recent);
    }

    private static Instant finished(Run<?, ?> run) {
        return Instant.ofEpochMilli(run.getTimeInMillis() + Math.max(0, run.getDuration()));
    }
}
