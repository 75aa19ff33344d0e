package io.jenkins.plugins.releasegate.actions;

import hudson.model.BuildBadgeAction;
import hudson.model.Run;
import io.jenkins.plugins.releasegate.core.report.AtomicFiles;
import io.jenkins.plugins.releasegate.core.report.JsonReportReader;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import io.jenkins.plugins.releasegate.core.verdict.Verdict;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import jenkins.model.RunAction2;

/**
 * One gate run of a build: its badge in the build history (passed, failed or audited, with the verdict as tooltip)
 * and its report page. The build record keeps only the engine's JSON report, so the page survives restarts and
 * always shows exactly what the gate decided.
 */
public final class GateReportAction implements RunAction2, BuildBadgeAction {

    private final String reportJson;
    private final int number;

    private transient Run<?, ?> run;
    private transient volatile ReportPage page;
    private transient volatile Read read;

    /** The stored JSON as read once: the report, or why it no longer reads. */
    private record Read(GateReport report, String problem) {}

    /**
     * @param reportJson the gate's report as {@code JsonReportWriter} wrote it
     * @param number which gate run of the build this is, from 1; a build may run the gate more than once
     */
    public GateReportAction(String reportJson, int number) {
        this.reportJson = reportJson;
        this.number = number;
    }

    /** As {@link #GateReportAction(String, int)}, for a step that has read the report already. */
    public GateReportAction(String reportJson, GateReport report, int number) {
        this(reportJson, number);
        this.read = new Read(report, null);
    }

    /** The name of the report file in the build folder, for the given gate run of the build. */
    public static String fileName(int number) {
        return number == 1 ? "release-gate.json" : "release-gate-" + number + ".json";
    }

    /**
     * Keeps the report in the build folder beside the build record, for tools that read build folders. It is written
     * to a temporary file and moved into place, so that a crash never leaves half a report.
     */
    public static void store(Path buildFolder, int number, String reportJson) throws IOException {
        AtomicFiles.write(buildFolder.resolve(fileName(number)), reportJson.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * What a gate run whose stored report no longer reads stands for: a failed run, since nobody can say that it
     * passed.
     */
    public static GateReport unreadableReport(long timeInMillis) {
        return new GateReport(
                Verdict.FAIL,
                false,
                "",
                Instant.ofEpochMilli(timeInMillis),
                List.of(),
                List.of("The stored gate report could not be read, so the run counts as failed."));
    }

    /** The gate's report, or empty when the stored JSON no longer reads; read on first use. */
    public Optional<GateReport> report() {
        return Optional.ofNullable(read().report());
    }

    @Override
    public String getIconFileName() {
        return "symbol-document-text";
    }

    @Override
    public String getDisplayName() {
        return number == 1 ? "Release Gate" : "Release Gate (" + number + ")";
    }

    @Override
    public String getUrlName() {
        return number == 1 ? "release-gate" : "release-gate-" + number;
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        this.run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        this.run = r;
    }

    /** The build this report belongs to, for the page's side panel. */
    public Run<?, ?> getRun() {
        return run;
    }

    /** The report as the page shows it; read from the stored JSON on first use. */
    public ReportPage getPage() {
        ReportPage shown = page;
        if (shown == null) {
            Read stored = read();
            shown = stored.report() != null ? ReportPage.of(stored.report()) : ReportPage.unreadable(stored.problem());
            page = shown;
        }
        return shown;
    }

    public Badge getBadge() {
        return getPage().getBadge();
    }

    public String getBadgeTooltip() {
        return getDisplayName() + ": " + getPage().getBadgeTooltip();
    }

    private Read read() {
        Read known = read;
        if (known == null) {
            try {
                known = new Read(JsonReportReader.read("The stored gate report", reportJson), null);
            } catch (IOException e) {
                known = new Read(null, e.getMessage());
            }
            read = known;
        }
        return known;
    }
}
