package io.jenkins.plugins.releasegate.core.coverage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.releasegate.core.policy.ExceptionStanding;
import io.jenkins.plugins.releasegate.core.policy.PolicyExceptionRule;
import io.jenkins.plugins.releasegate.core.verdict.ExceptionUse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which jobs run the gate, computed from the jobs a user may see and their recent builds.
 *
 * <p>The shares over the last 7 and 30 days: of the jobs that finished a build in the window, those with at least one
 * build that ran the gate (audit runs count); and of the builds in the window that archived artifacts, those that ran
 * the gate.
 *
 * @param now when the coverage was computed
 * @param jobs one row per job, sorted by job name
 * @param jobs7 jobs that ran the gate in the last 7 days
 * @param jobs30 jobs that ran the gate in the last 30 days
 * @param archiving7 builds that archived artifacts and ran the gate, last 7 days
 * @param archiving30 builds that archived artifacts and ran the gate, last 30 days
 * @param exceptions the global policy's exceptions with their standing and use
 */
public record Coverage(
        Instant now,
        List<JobRow> jobs,
        Share jobs7,
        Share jobs30,
        Share archiving7,
        Share archiving30,
        List<ExceptionRow> exceptions) {

    /** The schema name of the JSON form. */
    public static final String SCHEMA = "release-gate/coverage/v1";

    /** The shorter window of the shares. */
    public static final Duration SHORT_WINDOW = Duration.ofDays(7);

    /** The longer window of the shares, and so how far back a job's builds count. */
    public static final Duration LONG_WINDOW = Duration.ofDays(30);

    private static final ObjectMapper JSON = new ObjectMapper();

    public Coverage {
        jobs = List.copyOf(jobs);
        exceptions = List.copyOf(exceptions);
    }

    /**
     * One job and what its last build did.
     *
     * @param name the job's full name
     * @param url the job's URL relative to Jenkins' root, for links
     * @param lastBuild the last finished build, or empty when it has none
     * @param recent the builds that finished in the last 30 days, any order
     */
    public record JobRow(String name, String url, Optional<BuildRecord> lastBuild, List<BuildRecord> recent) {

        public JobRow {
            recent = List.copyOf(recent);
        }

        /** What the last build did, {@link BuildOutcome#NOT_GATED} for a job without builds. */
        public BuildOutcome outcome() {
            return lastBuild.map(BuildRecord::outcome).orElse(BuildOutcome.NOT_GATED);
        }
    }

    /**
     * A share, such as 45 of 60 jobs.
     *
     * @param count how many ran the gate
     * @param of how many there were
     */
    public record Share(int count, int of) {

        /** The share in whole percent, rounded down, or empty when there was nothing to count. */
        public Optional<Integer> percent() {
            return of == 0 ? Optional.empty() : Optional.of((int) (100L * count / of));
        }

        /** For example {@code 45 of 60 (75%)} or {@code none in this period}. */
        public String describe() {
            return percent().map(p -> count + " of " + of + " (" + p + "%)").orElse("none in this period");
        }
    }

    /**
     * One exception of the global policy.
     *
     * @param standing days left, ending soon or expired
     * @param usage how it was used, or empty when no build used it yet
     */
    public record ExceptionRow(ExceptionStanding standing, Optional<ExceptionUsage.Usage> usage) {

        public PolicyExceptionRule rule() {
            return standing.rule();
        }
    }

    /**
     * Computes coverage.
     *
     * @param jobs the jobs the user may see
     * @param exceptions the global policy's exceptions
     * @param usage how they were used
     */
    public static Coverage of(
            List<JobRow> jobs, List<PolicyExceptionRule> exceptions, ExceptionUsage usage, Instant now) {
        List<JobRow> sorted =
                jobs.stream().sorted(Comparator.comparing(JobRow::name)).toList();
        List<ExceptionRow> rows = exceptions.stream()
                .map(rule ->
                        new ExceptionRow(ExceptionStanding.of(rule, now.atZone(ZoneOffset.UTC)), usage.of(rule.id())))
                .toList();
        return new Coverage(
                now,
                sorted,
                jobShare(sorted, now, SHORT_WINDOW),
                jobShare(sorted, now, LONG_WINDOW),
                archivingShare(sorted, now, SHORT_WINDOW),
                archivingShare(sorted, now, LONG_WINDOW),
                rows);
    }

    /**
     * One page of rows, counted from 1. A page beyond the last is empty.
     *
     * @param size rows per page, at least 1
     */
    public List<JobRow> page(int number, int size) {
        int from = (int) Math.min(jobs.size(), Math.max(0L, (long) (number - 1) * Math.max(1, size)));
        int to = (int) Math.min(jobs.size(), (long) from + Math.max(1, size));
        return jobs.subList(from, to);
    }

    /** How many pages of the given size the rows fill; at least 1. */
    public int pages(int size) {
        return Math.max(1, (jobs.size() + Math.max(1, size) - 1) / Math.max(1, size));
    }

    /** The jobs whose last build archived artifacts without a gate verdict. */
    public List<JobRow> ungated() {
        return jobs.stream()
                .filter(job -> job.lastBuild().map(BuildRecord::ungated).orElse(false))
                .toList();
    }

    /** The coverage as JSON for dashboards; see the README for the fields. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA);
        root.put("time", now.toString());
        ObjectNode shares = root.putObject("shares");
        share(shares.putObject("jobs7d"), jobs7);
        share(shares.putObject("jobs30d"), jobs30);
        share(shares.putObject("archivingBuilds7d"), archiving7);
        share(shares.putObject("archivingBuilds30d"), archiving30);
        ArrayNode jobArray = root.putArray("jobs");
        for (JobRow job : jobs) {
            ObjectNode row = jobArray.addObject();
            row.put("name", job.name());
            row.put("url", job.url());
            row.put("outcome", job.outcome().word());
            job.lastBuild().ifPresent(build -> {
                row.put("build", build.number());
                row.put("finished", build.finished().toString());
                row.put("archivedArtifacts", build.archivedArtifacts());
                row.put("ungated", build.ungated());
                ArrayNode used = row.putArray("exceptions");
                build.exceptions().stream().map(ExceptionUse::id).forEach(used::add);
            });
        }
        ArrayNode exceptionArray = root.putArray("exceptions");
        for (ExceptionRow exception : exceptions) {
            PolicyExceptionRule rule = exception.rule();
            ObjectNode row = exceptionArray.addObject();
            row.put("id", rule.id());
            row.put("waive", rule.waive());
            row.put("artifact", rule.artifact());
            row.put("owner", rule.owner());
            row.put("reason", rule.reason());
            if (rule.ticket() != null) {
                row.put("ticket", rule.ticket());
            }
            row.put("expires", rule.expires().toString());
            row.put("daysLeft", exception.standing().daysLeft());
            row.put(
                    "state",
                    exception
                            .standing()
                            .state()
                            .name()
                            .toLowerCase(java.util.Locale.ROOT)
                            .replace('_', '-'));
            exception.usage().ifPresent(usage -> {
                row.put("builds", usage.builds());
                ArrayNode usedBy = row.putArray("jobs");
                usage.jobs().forEach(usedBy::add);
                row.put("lastUsed", usage.lastUsed().toString());
            });
        }
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("The coverage could not be written as JSON", e);
        }
    }

    private static void share(ObjectNode node, Share share) {
        node.put("count", share.count());
        node.put("of", share.of());
        share.percent().ifPresent(percent -> node.put("percent", percent));
    }

    private static Share jobShare(List<JobRow> jobs, Instant now, Duration window) {
        Instant since = now.minus(window);
        int built = 0;
        int gated = 0;
        for (JobRow job : jobs) {
            List<BuildRecord> inWindow = job.recent().stream()
                    .filter(build -> !build.finished().isBefore(since))
                    .toList();
            if (!inWindow.isEmpty()) {
                built++;
                if (inWindow.stream().anyMatch(build -> build.outcome().ranTheGate())) {
                    gated++;
                }
            }
        }
        return new Share(gated, built);
    }

    private static Share archivingShare(List<JobRow> jobs, Instant now, Duration window) {
        Instant since = now.minus(window);
        List<BuildRecord> archiving = jobs.stream()
                .flatMap(job -> job.recent().stream())
                .filter(build -> !build.finished().isBefore(since) && build.archivedArtifacts())
                .toList();
        int gated = (int)
                archiving.stream().filter(build -> build.outcome().ranTheGate()).count();
        return new Share(gated, archiving.size());
    }
}
