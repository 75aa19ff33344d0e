package io.jenkins.plugins.releasegate.steps;

import hudson.AbortException;
import io.jenkins.plugins.releasegate.core.coverage.ExceptionNotices;
import io.jenkins.plugins.releasegate.core.report.TextReportWriter;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;

/** What a gate run shows on the build console, and how a failed gate ends the build. */
final class GateConsole {

    static final String AUDIT_NOTICE = Messages.GateConsole_AuditNotice();

    private GateConsole() {}

    /**
     * One line per artifact and check, then the verdict, as the engine's text report writes them; then a warning for
     * each exception the run relied on that ends within 14 days or had expired.
     */
    static void print(GateReport report, PrintStream console) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(console, StandardCharsets.UTF_8));
        new TextReportWriter(false).write(report, out);
        for (String notice : ExceptionNotices.of(report, report.time().atZone(ZoneOffset.UTC))) {
            out.println(Messages.GateConsole_Warning(notice));
        }
        if (report.audit()) {
            out.println(AUDIT_NOTICE);
        }
        out.flush();
    }

    /**
     * Ends the build when the gate failed and the policy enforces; an audit never does.
     *
     * @throws AbortException with the gate's one-line verdict, which Jenkins shows without a stack trace
     */
    static void enforce(GateReport report) throws AbortException {
        if (!report.allowsRelease()) {
            throw new AbortException(TextReportWriter.summary(report));
        }
    }
}
