package io.jenkins.plugins.releasegate.core.report;

import io.jenkins.plugins.releasegate.core.verdict.ArtifactReport;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import java.io.IOException;
import java.io.OutputStream;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a report as JUnit XML, so that any CI shows each artifact as a test suite and each check as a test case: a
 * failed or missing check is a failure, a waived one passes and says so in its output.
 */
public final class JunitReportWriter {

    private JunitReportWriter() {}

    public static void write(GateReport report, OutputStream out) throws IOException {
        try {
            XMLStreamWriter xml = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.writeCharacters("\n");
            xml.writeStartElement("testsuites");
            xml.writeAttribute("name", "release-gate");
            xml.writeAttribute("tests", String.valueOf(count(report, null)));
            xml.writeAttribute("failures", String.valueOf(count(report, false)));
            xml.writeCharacters("\n");
            for (ArtifactReport artifact : report.artifacts()) {
                suite(xml, artifact, report.audit());
            }
            xml.writeEndElement();
            xml.writeCharacters("\n");
            xml.writeEndDocument();
            xml.flush();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("The JUnit report could not be written: " + e.getMessage(), e);
        }
    }

    private static void suite(XMLStreamWriter xml, ArtifactReport artifact, boolean audit) throws XMLStreamException {
        long failures = artifact.checks().stream()
                .filter(check -> !check.status().allowsPromotion())
                .count();
        xml.writeStartElement("testsuite");
        xml.writeAttribute("name", TextEscaper.printable(artifact.path()));
        xml.writeAttribute("tests", String.valueOf(artifact.checks().size()));
        xml.writeAttribute("failures", String.valueOf(audit ? 0 : failures));
        xml.writeCharacters("\n");
        for (CheckResult check : artifact.checks()) {
            xml.writeStartElement("testcase");
            xml.writeAttribute("classname", TextEscaper.printable(artifact.path()));
            xml.writeAttribute("name", check.check().id());
            if (!check.status().allowsPromotion()) {
                // In audit mode a failure is reported but does not fail the run, so it is shown as output only.
                xml.writeStartElement(audit ? "system-out" : "failure");
                if (!audit) {
                    xml.writeAttribute("type", check.code().name());
                    xml.writeAttribute("message", TextEscaper.printable(check.detail()));
                }
                xml.writeCharacters((audit ? "Audit only: " : "") + check.code().name() + ": "
                        + TextEscaper.printable(check.detail()));
                xml.writeEndElement();
            } else if (check.status() == Status.WAIVED) {
                xml.writeStartElement("system-out");
                xml.writeCharacters(TextEscaper.printable(check.detail()));
                xml.writeEndElement();
            }
            xml.writeEndElement();
            xml.writeCharacters("\n");
        }
        xml.writeEndElement();
        xml.writeCharacters("\n");
    }

    private static long count(GateReport report, Boolean passing) {
        return report.artifacts().stream()
                .flatMap(artifact -> artifact.checks().stream())
                .filter(check -> passing == null || (check.status().allowsPromotion() || report.audit()) == passing)
                .count();
    }
}
