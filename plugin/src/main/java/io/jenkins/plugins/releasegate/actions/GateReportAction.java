package io.jenkins.plugins.releasegate.actions;

import hudson.model.BuildBadgeAction;
import hudson.model.Run;
import io.jenkins.plugins.releasegate.core.report.JsonReportReader;
import java.io.IOException;
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

    /**
     * @param reportJson the gate's report as {@code JsonReportWriter} wrote it
     * @param number which gate run of the build this is, from 1; a build may run the gate more than once
     */
    public GateReportAction(String reportJson, int number) {
        this.reportJson = reportJson;
        this.number = number;
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
            shown = read();
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

    private ReportPage read() {
        try {
            return ReportPage.of(JsonReportReader.read("The stored gate report", reportJson));
        } catch (IOException e) {
            return ReportPage.unreadable(e.getMessage());
        }
    }
}
