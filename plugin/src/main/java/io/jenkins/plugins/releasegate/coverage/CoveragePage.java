package io.jenkins.plugins.releasegate.coverage;

import hudson.model.ModelObject;
import io.jenkins.plugins.releasegate.core.coverage.BuildRecord;
import io.jenkins.plugins.releasegate.core.coverage.Coverage;
import io.jenkins.plugins.releasegate.core.policy.ExceptionStanding;
import io.jenkins.plugins.releasegate.core.policy.PolicyExceptionRule;
import io.jenkins.plugins.releasegate.core.verdict.ExceptionUse;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One page of the coverage view, as its Jelly view reads it: every value a ready string, escaped by the view. It is a
 * model object so that Jenkins' routing lets {@code page/N/} reach it.
 */
public final class CoveragePage implements ModelObject {

    private final Coverage coverage;
    private final int number;
    private final int size;
    private final String policyProblem;

    CoveragePage(Coverage coverage, int number, int size, String policyProblem) {
        this.coverage = coverage;
        this.number = Math.max(1, Math.min(number, coverage.pages(size)));
        this.size = size;
        this.policyProblem = policyProblem;
    }

    @Override
    public String getDisplayName() {
        return Messages.CoveragePage_DisplayName(number, getPages());
    }

    public int getNumber() {
        return number;
    }

    public int getPages() {
        return coverage.pages(size);
    }

    public boolean isFirst() {
        return number == 1;
    }

    public boolean isLast() {
        return number == getPages();
    }

    public int getJobCount() {
        return coverage.jobs().size();
    }

    public int getUngatedCount() {
        return coverage.ungated().size();
    }

    /** Why no gate can run now, or {@code null}. */
    public String getPolicyProblem() {
        return policyProblem;
    }

    /** The four shares, each a label and a sentence such as {@code 45 of 60 (75%)}. */
    public List<Share> getShares() {
        return List.of(
                new Share(
                        "Jobs that ran the gate, last 7 days", coverage.jobs7().describe()),
                new Share(
                        "Jobs that ran the gate, last 30 days",
                        coverage.jobs30().describe()),
                new Share(
                        "Archiving builds that ran the gate, last 7 days",
                        coverage.archiving7().describe()),
                new Share(
                        "Archiving builds that ran the gate, last 30 days",
                        coverage.archiving30().describe()));
    }

    public List<Row> getRows() {
        return coverage.page(number, size).stream().map(Row::new).toList();
    }

    public List<ExceptionView> getExceptions() {
        return coverage.exceptions().stream().map(ExceptionView::new).toList();
    }

    /** A share of the summary. */
    public static final class Share {
        private final String label;
        private final String value;

        Share(String label, String value) {
            this.label = label;
            this.value = value;
        }

        public String getLabel() {
            return label;
        }

        public String getValue() {
            return value;
        }
    }

    /** One job. */
    public static final class Row {
        private final Coverage.JobRow job;

        Row(Coverage.JobRow job) {
            this.job = job;
        }

        public String getName() {
            return job.name();
        }

        /** The job's URL relative to Jenkins' root. */
        public String getUrl() {
            return job.url();
        }

        public String getOutcome() {
            return job.outcome().label();
        }

        /** For styling and machines, e.g. {@code not-gated}. */
        public String getOutcomeWord() {
            return job.outcome().word();
        }

        /** The last build's number, or empty when the job has none. */
        public String getBuild() {
            return job.lastBuild().map(build -> "#" + build.number()).orElse("");
        }

        public String getArchived() {
            return job.lastBuild()
                    .map(build -> build.archivedArtifacts() ? "yes" : "no")
                    .orElse("");
        }

        public boolean isUngated() {
            return job.lastBuild().map(BuildRecord::ungated).orElse(false);
        }

        /** The exceptions that waived something in the last build, by id. */
        public String getExceptions() {
            return job.lastBuild().stream()
                    .flatMap(build -> build.exceptions().stream())
                    .map(ExceptionUse::id)
                    .collect(Collectors.joining(", "));
        }
    }

    /** One exception of the global policy, with its standing and its use. */
    public static final class ExceptionView {
        private final Coverage.ExceptionRow row;

        ExceptionView(Coverage.ExceptionRow row) {
            this.row = row;
        }

        private PolicyExceptionRule rule() {
            return row.rule();
        }

        public String getId() {
            return rule().id();
        }

        public String getWaive() {
            return rule().waive();
        }

        public String getArtifact() {
            return rule().artifact();
        }

        public String getOwner() {
            return rule().owner();
        }

        public String getReason() {
            return rule().reason();
        }

        public String getTicket() {
            return Objects.requireNonNullElse(rule().ticket(), "");
        }

        public String getStanding() {
            return row.standing().describe();
        }

        /** Whether the exception ends within 14 days or has expired: flagged on the page. */
        public boolean isFlagged() {
            return row.standing().state() != ExceptionStanding.State.ACTIVE;
        }

        public String getDaysLeft() {
            return Long.toString(row.standing().daysLeft());
        }

        public String getUse() {
            return row.usage()
                    .map(usage -> usage.builds() + (usage.builds() == 1 ? " build" : " builds") + " of "
                            + String.join(", ", usage.jobs()) + "; last " + usage.lastUsed())
                    .orElse("not used yet");
        }
    }
}
