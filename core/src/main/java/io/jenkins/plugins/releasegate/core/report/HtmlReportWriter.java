package io.jenkins.plugins.releasegate.core.report;

import io.jenkins.plugins.releasegate.core.verdict.ArtifactReport;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.ExceptionUse;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import io.jenkins.plugins.releasegate.core.verdict.Verdict;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a report as one self-contained HTML page: no script, no external resource, every text escaped. A summary
 * first, then a table of artifacts against checks, then the exceptions that applied.
 */
public final class HtmlReportWriter {

    private static final String STYLE = """
            body{font:14px/1.45 system-ui,sans-serif;margin:2em;color:#1d2125}
            h1{font-size:1.5em;margin:0 0 .3em}
            .verdict{display:inline-block;padding:.2em .7em;border-radius:.3em;font-weight:bold;color:#fff}
            .verdict.pass{background:#1f7a3a}.verdict.fail{background:#b42318}.verdict.audit{background:#9a6700}
            .meta{color:#57606a;margin:.4em 0 1.2em}
            table{border-collapse:collapse;width:100%;margin-bottom:1.5em;table-layout:fixed}
            table.gate th:first-child{width:20%}
            th,td{border:1px solid #d0d7de;padding:.45em .6em;text-align:left;vertical-align:top;overflow-wrap:anywhere}
            th{background:#f6f8fa}
            .status{font-weight:bold;white-space:nowrap}
            .s-pass{color:#1f7a3a}.s-waived{color:#9a6700}.s-fail,.s-missing{color:#b42318}
            .detail{margin:.2em 0}.facts{color:#57606a;font-size:.92em}
            code{font-family:ui-monospace,monospace;font-size:.92em;word-break:break-all}
            .expired{color:#b42318;font-weight:bold}
            """;

    private HtmlReportWriter() {}

    public static void write(GateReport report, OutputStream out) throws IOException {
        Writer html = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        html.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        // The page may be opened from a build's artifacts: it must not load or run anything.
        html.write("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src"
                + " 'unsafe-inline'\">\n");
        html.write("<title>Release gate: " + verdictWord(report) + "</title>\n<style>" + STYLE + "</style>\n");
        html.write("</head>\n<body>\n");
        summary(report, html);
        artifacts(report, html);
        exceptions(report, html);
        notes(report, html);
        html.write("</body>\n</html>\n");
        html.flush();
    }

    private static void summary(GateReport report, Writer html) throws IOException {
        String css = report.verdict() == Verdict.PASS ? "pass" : report.audit() ? "audit" : "fail";
        html.write("<h1>Release gate <span class=\"verdict " + css + "\">" + verdictWord(report) + "</span></h1>\n");
        html.write("<p class=\"summary\">" + escape(TextReportWriter.summary(report)) + "</p>\n");
        html.write("<p class=\"meta\">Mode " + escape(report.mode()) + " · policy sha256 <code>"
                + escape(report.policySha256()) + "</code> · "
                + escape(report.time().toString()) + "</p>\n");
    }

    private static void artifacts(GateReport report, Writer html) throws IOException {
        html.write("<table class=\"gate\">\n<thead><tr><th>Artifact</th>");
        for (Check check : Check.values()) {
            html.write("<th>" + escape(title(check)) + "</th>");
        }
        html.write("</tr></thead>\n<tbody>\n");
        for (ArtifactReport artifact : report.artifacts()) {
            html.write("<tr><td><span class=\"status s-" + artifact.verdict().id() + "\">"
                    + (artifact.verdict() == Verdict.PASS ? "✓ pass" : "✗ fail") + "</span><br><code>"
                    + escape(artifact.path()) + "</code><br><span class=\"facts\">sha256 <code>"
                    + escape(artifact.sha256()) + "</code></span></td>");
            for (CheckResult check : artifact.checks()) {
                cell(check, html);
            }
            html.write("</tr>\n");
        }
        html.write("</tbody>\n</table>\n");
    }

    private static void cell(CheckResult check, Writer html) throws IOException {
        html.write("<td><span class=\"status s-" + check.status().id() + "\">" + mark(check.status()) + " "
                + escape(check.status().id()) + "</span> <code>"
                + escape(check.code().name()) + "</code>");
        html.write("<p class=\"detail\">" + escape(check.detail()) + "</p>");
        List<String> facts = new ArrayList<>(ReportHighlights.of(check));
        if (check.evidence() != null) {
            facts.add(0, "evidence " + check.evidence());
        }
        if (!facts.isEmpty()) {
            html.write("<div class=\"facts\">");
            for (String fact : facts) {
                html.write(escape(fact) + "<br>");
            }
            html.write("</div>");
        }
        html.write("</td>");
    }

    private static void exceptions(GateReport report, Writer html) throws IOException {
        Map<String, ExceptionUse> uses = new LinkedHashMap<>();
        report.artifacts().stream()
                .flatMap(artifact -> artifact.checks().stream())
                .flatMap(check -> check.exceptions().stream())
                .forEach(use -> uses.putIfAbsent(use.id(), use));
        if (uses.isEmpty()) {
            return;
        }
        html.write("<h2>Exceptions that applied</h2>\n<table>\n<thead><tr><th>Id</th><th>Waives</th><th>Owner</th>"
                + "<th>Ticket</th><th>Ends</th></tr></thead>\n<tbody>\n");
        for (ExceptionUse use : uses.values()) {
            html.write("<tr><td><code>" + escape(use.id()) + "</code></td><td>" + escape(use.waive()) + "</td><td>"
                    + escape(use.owner()) + "</td><td>" + escape(use.ticket()) + "</td><td>"
                    + escape(use.expires().toString())
                    + (use.expired() ? " <span class=\"expired\">expired: waives nothing</span>" : "")
                    + "</td></tr>\n");
        }
        html.write("</tbody>\n</table>\n");
    }

    private static void notes(GateReport report, Writer html) throws IOException {
        for (String note : report.notes()) {
            html.write("<p class=\"note\">" + escape(note) + "</p>\n");
        }
    }

    private static String verdictWord(GateReport report) {
        if (report.verdict() == Verdict.PASS) {
            return "passed";
        }
        return report.audit() ? "would fail (audit only)" : "failed";
    }

    private static String title(Check check) {
        return switch (check) {
            case SIGNATURE -> "Signature";
            case SBOM -> "SBOM";
            case SCAN -> "Scan";
        };
    }

    private static String mark(Status status) {
        return switch (status) {
            case PASS -> "✓";
            case WAIVED -> "⚠";
            case FAIL, MISSING -> "✗";
        };
    }

    /** Escapes text for HTML element content and quoted attributes; control characters are shown, not passed on. */
    static String escape(String text) {
        String printable = TextEscaper.printable(text);
        StringBuilder out = new StringBuilder(printable.length() + 16);
        for (int i = 0; i < printable.length(); i++) {
            char c = printable.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
