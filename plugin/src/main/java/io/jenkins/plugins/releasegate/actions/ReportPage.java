package io.jenkins.plugins.releasegate.actions;

import io.jenkins.plugins.releasegate.core.report.ReportHighlights;
import io.jenkins.plugins.releasegate.core.report.TextReportWriter;
import io.jenkins.plugins.releasegate.core.verdict.ArtifactReport;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.ExceptionUse;
import io.jenkins.plugins.releasegate.core.verdict.Finding;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import io.jenkins.plugins.releasegate.core.verdict.Verdict;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report page's view of a gate report: the model the engine's HTML report shows (artifacts against checks,
 * statuses, reasons, evidence, signer, findings per severity, exceptions with their end dates), with getters for the
 * page. It only arranges what the report says; it decides nothing.
 */
public final class ReportPage {

    private final Badge badge;
    private final String verdict;
    private final String summary;
    private final String mode;
    private final String policySha256;
    private final String time;
    private final List<String> checkTitles;
    private final List<ArtifactRow> artifacts;
    private final List<ExceptionRow> exceptions;
    private final List<String> notes;

    private ReportPage(
            Badge badge,
            String verdict,
            String summary,
            String mode,
            String policySha256,
            String time,
            List<String> checkTitles,
            List<ArtifactRow> artifacts,
            List<ExceptionRow> exceptions,
            List<String> notes) {
        this.badge = badge;
        this.verdict = verdict;
        this.summary = summary;
        this.mode = mode;
        this.policySha256 = policySha256;
        this.time = time;
        this.checkTitles = List.copyOf(checkTitles);
        this.artifacts = List.copyOf(artifacts);
        this.exceptions = List.copyOf(exceptions);
        this.notes = List.copyOf(notes);
    }

    public static ReportPage of(GateReport report) {
        Map<String, ExceptionRow> exceptions = new LinkedHashMap<>();
        report.artifacts().stream()
                .flatMap(artifact -> artifact.checks().stream())
                .flatMap(check -> check.exceptions().stream())
                .forEach(use -> exceptions.putIfAbsent(use.id(), new ExceptionRow(use)));
        return new ReportPage(
                Badge.of(report),
                verdictWord(report),
                TextReportWriter.summary(report),
                report.mode(),
                report.policySha256(),
                report.time().toString(),
                Arrays.stream(Check.values())
                        .filter(check -> report.artifacts().stream()
                                .flatMap(artifact -> artifact.checks().stream())
                                .anyMatch(result -> result.check() == check))
                        .map(ReportPage::title)
                        .toList(),
                report.artifacts().stream().map(ArtifactRow::new).toList(),
                new ArrayList<>(exceptions.values()),
                report.notes());
    }

    /** A page for a stored report that cannot be read back: it says so, and counts as failed. */
    static ReportPage unreadable(String reason) {
        return new ReportPage(
                Badge.FAILED, "unreadable", reason, "", "", "", List.of(), List.of(), List.of(), List.of());
    }

    public Badge getBadge() {
        return badge;
    }

    /** {@code passed}, {@code failed}, {@code passed (audit only)} or {@code would fail (audit only)}. */
    public String getVerdict() {
        return verdict;
    }

    public String getSummary() {
        return summary;
    }

    /** The badge's tooltip: the verdict, and for an audit that passed, that it was only an audit. */
    public String getBadgeTooltip() {
        return badge == Badge.AUDITED && !summary.startsWith("Audit only") ? "Audit only: " + summary : summary;
    }

    public String getMode() {
        return mode;
    }

    public String getPolicySha256() {
        return policySha256;
    }

    public String getTime() {
        return time;
    }

    /** The column titles: the checks the gate ran, in the order every artifact row lists them. */
    public List<String> getCheckTitles() {
        return checkTitles;
    }

    public List<ArtifactRow> getArtifacts() {
        return artifacts;
    }

    public List<ExceptionRow> getExceptions() {
        return exceptions;
    }

    public List<String> getNotes() {
        return notes;
    }

    private static String verdictWord(GateReport report) {
        String word = report.verdict() == Verdict.PASS ? "passed" : report.audit() ? "would fail" : "failed";
        return report.audit() ? word + " (audit only)" : word;
    }

    private static String title(Check check) {
        return switch (check) {
            case SIGNATURE -> "Signature";
            case SBOM -> "SBOM";
            case SCAN -> "Scan";
        };
    }

    /** One artifact and its checks. */
    public static final class ArtifactRow {

        private final String path;
        private final String sha256;
        private final String verdict;
        private final List<CheckCell> checks;

        ArtifactRow(ArtifactReport artifact) {
            this.path = artifact.path();
            this.sha256 = artifact.sha256() == null ? "unknown" : artifact.sha256();
            this.verdict = artifact.verdict().id();
            this.checks = artifact.checks().stream().map(CheckCell::new).toList();
        }

        public String getPath() {
            return path;
        }

        public String getSha256() {
            return sha256;
        }

        public String getVerdict() {
            return verdict;
        }

        public List<CheckCell> getChecks() {
            return checks;
        }
    }

    /** How one check ended for one artifact. */
    public static final class CheckCell {

        private final String check;
        private final String status;
        private final String code;
        private final String detail;
        private final String evidence;
        private final List<String> highlights;
        private final List<FindingRow> findings;

        CheckCell(CheckResult result) {
            this.check = title(result.check());
            this.status = result.status().id();
            this.code = result.code().name();
            this.detail = result.detail();
            this.evidence = result.evidence();
            this.highlights = ReportHighlights.of(result);
            this.findings = result.findings().stream().map(FindingRow::new).toList();
        }

        public String getCheck() {
            return check;
        }

        /** {@code pass}, {@code fail}, {@code missing} or {@code waived}. */
        public String getStatus() {
            return status;
        }

        public String getCode() {
            return code;
        }

        public String getDetail() {
            return detail;
        }

        /** The evidence file used, or {@code null} when there was none. */
        public String getEvidence() {
            return evidence;
        }

        /** The facts a reader looks for first: the signer, the SBOM's size, the findings per severity. */
        public List<String> getHighlights() {
            return highlights;
        }

        public List<FindingRow> getFindings() {
            return findings;
        }
    }

    /** One scan finding. */
    public static final class FindingRow {

        private final String id;
        private final String severity;
        private final String severitySource;
        private final String message;
        private final String location;
        private final String waivedBy;

        FindingRow(Finding finding) {
            this.id = finding.id();
            this.severity = finding.severity().id();
            this.severitySource = finding.severitySource();
            this.message = finding.message();
            this.location = finding.location();
            this.waivedBy = finding.waivedBy();
        }

        public String getId() {
            return id;
        }

        public String getSeverity() {
            return severity;
        }

        public String getSeveritySource() {
            return severitySource;
        }

        public String getMessage() {
            return message;
        }

        public String getLocation() {
            return location;
        }

        /** The exception that waives this finding, or {@code null}. */
        public String getWaivedBy() {
            return waivedBy;
        }
    }

    /** A policy exception that applied, with its end date. */
    public static final class ExceptionRow {

        private final String id;
        private final String waive;
        private final String owner;
        private final String ticket;
        private final String expires;
        private final boolean expired;

        ExceptionRow(ExceptionUse use) {
            this.id = use.id();
            this.waive = use.waive();
            this.owner = use.owner();
            this.ticket = use.ticket();
            this.expires = use.expires().toString();
            this.expired = use.expired();
        }

        public String getId() {
            return id;
        }

        public String getWaive() {
            return waive;
        }

        public String getOwner() {
            return owner;
        }

        /** The ticket that records the exception, or {@code null}. */
        public String getTicket() {
            return ticket;
        }

        /** The last day (UTC) on which the exception waives anything. */
        public String getExpires() {
            return expires;
        }

        /** Whether it had expired when the gate ran, so that it waived nothing. */
        public boolean isExpired() {
            return expired;
        }
    }
}
