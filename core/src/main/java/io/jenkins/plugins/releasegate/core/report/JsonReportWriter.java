package io.jenkins.plugins.releasegate.core.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.jenkins.plugins.releasegate.core.verdict.ArtifactReport;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.ExceptionUse;
import io.jenkins.plugins.releasegate.core.verdict.Finding;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * Writes the stable machine form of a report, {@code release-gate/report/v1}: the fields DESIGN.md fixes, plus
 * {@code facts}, {@code findings} and {@code exceptions} where a check has them.
 */
public final class JsonReportWriter {

    private static final JsonFactory FACTORY = new JsonFactory();

    private JsonReportWriter() {}

    public static void write(GateReport report, OutputStream out) throws IOException {
        try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("schema", GateReport.SCHEMA);
            json.writeStringField("verdict", report.verdict().id());
            json.writeStringField("mode", report.mode());
            json.writeObjectFieldStart("policy");
            json.writeStringField("sha256", report.policySha256());
            json.writeEndObject();
            json.writeStringField("time", report.time().toString());
            json.writeArrayFieldStart("artifacts");
            for (ArtifactReport artifact : report.artifacts()) {
                artifact(json, artifact);
            }
            json.writeEndArray();
            json.writeArrayFieldStart("notes");
            for (String note : report.notes()) {
                json.writeString(note);
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeRaw('\n');
        }
    }

    private static void artifact(JsonGenerator json, ArtifactReport artifact) throws IOException {
        json.writeStartObject();
        json.writeStringField("path", artifact.path());
        json.writeStringField("sha256", artifact.sha256());
        json.writeStringField("verdict", artifact.verdict().id());
        json.writeArrayFieldStart("checks");
        for (CheckResult check : artifact.checks()) {
            check(json, check);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void check(JsonGenerator json, CheckResult check) throws IOException {
        json.writeStartObject();
        json.writeStringField("check", check.check().id());
        json.writeStringField("status", check.status().id());
        json.writeStringField("code", check.code().name());
        json.writeStringField("evidence", check.evidence());
        json.writeStringField("detail", check.detail());
        if (!check.facts().isEmpty()) {
            json.writeObjectFieldStart("facts");
            for (Map.Entry<String, String> fact : check.facts().entrySet()) {
                json.writeStringField(fact.getKey(), fact.getValue());
            }
            json.writeEndObject();
        }
        if (!check.findings().isEmpty()) {
            json.writeArrayFieldStart("findings");
            for (Finding finding : check.findings()) {
                finding(json, finding);
            }
            json.writeEndArray();
        }
        if (!check.exceptions().isEmpty()) {
            json.writeArrayFieldStart("exceptions");
            for (ExceptionUse use : check.exceptions()) {
                exception(json, use);
            }
            json.writeEndArray();
        }
        json.writeEndObject();
    }

    private static void finding(JsonGenerator json, Finding finding) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", finding.id());
        json.writeStringField("severity", finding.severity().id());
        json.writeStringField("severitySource", finding.severitySource());
        json.writeStringField("message", finding.message());
        json.writeStringField("location", finding.location());
        json.writeStringField("waivedBy", finding.waivedBy());
        json.writeEndObject();
    }

    private static void exception(JsonGenerator json, ExceptionUse use) throws IOException {
        json.writeStartObject();
        json.writeStringField("id", use.id());
        json.writeStringField("waive", use.waive());
        json.writeStringField("owner", use.owner());
        json.writeStringField("ticket", use.ticket());
        json.writeStringField("expires", use.expires().toString());
        json.writeBooleanField("expired", use.expired());
        json.writeEndObject();
    }
}
