package io.jenkins.plugins.releasegate.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.releasegate.core.policy.Policy;
import io.jenkins.plugins.releasegate.core.report.HtmlReportWriter;
import io.jenkins.plugins.releasegate.core.report.JsonReportWriter;
import io.jenkins.plugins.releasegate.core.report.JunitReportWriter;
import io.jenkins.plugins.releasegate.core.report.TextReportWriter;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * An artifact whose file name carries a terminal escape and markup is gated for real, and every report form shows
 * its name escaped or encoded, never raw.
 */
class HostileArtifactNameTest {

    private static final String NAME = "evil\u001b[31m<b>&.jar";
    private static final String ESCAPE = "\u001b";

    @TempDir
    Path folder;

    private GateReport report;

    @BeforeEach
    void gateTheArtifact() throws Exception {
        Path release = Files.createDirectories(folder.resolve("release"));
        Files.writeString(release.resolve(NAME), "artifact bytes");
        Files.writeString(release.resolve(NAME + ".p7s"), "not a signature");

        Gate gate = GateFactory.create(Policy.defaults(), Clock.systemUTC());
        report = gate.verify(List.of("release"), folder);
    }

    @Test
    void textReportShowsTheEscapeAsCharactersAndNotAsAControlCode() {
        StringWriter text = new StringWriter();
        new TextReportWriter(false).write(report, new PrintWriter(text));

        assertThat(text.toString()).doesNotContain(ESCAPE).contains("evil\\u001b[31m<b>&.jar");
    }

    @Test
    void jsonReportEncodesTheNameAndKeepsItIntact() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonReportWriter.write(report, out);

        assertThat(out.toString(StandardCharsets.UTF_8)).doesNotContain(ESCAPE).contains("\\u001B");
        JsonNode json = new ObjectMapper().readTree(out.toByteArray());
        assertThat(json.at("/artifacts/0/path").asText()).isEqualTo("release/" + NAME);
        assertThat(json.at("/artifacts/0/checks/0/evidence").asText()).isEqualTo("release/" + NAME + ".p7s");
    }

    @Test
    void junitReportIsWellFormedXmlWithTheNameEscaped() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JunitReportWriter.write(report, out);

        String xml = out.toString(StandardCharsets.UTF_8);
        assertThat(xml).doesNotContain(ESCAPE, "<b>");
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Element suite = (Element) factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(out.toByteArray()))
                .getElementsByTagName("testsuite")
                .item(0);
        assertThat(suite.getAttribute("name")).isEqualTo("release/evil\\u001b[31m<b>&.jar");
    }

    @Test
    void htmlReportEscapesTheMarkup() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        HtmlReportWriter.write(report, out);

        String html = out.toString(StandardCharsets.UTF_8);
        assertThat(html).doesNotContain(ESCAPE, "<b>", "<b>&.jar").contains("&lt;b&gt;&amp;.jar");
    }
}
