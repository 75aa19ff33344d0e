package io.jenkins.plugins.releasegate.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import io.jenkins.plugins.releasegate.SampleReports;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class GateConsoleTest {

    @Test
    void printsOneLinePerArtifactAndCheckThenTheVerdict() {
        List<String> lines = console(false);

        assertThat(lines).hasSize(8);
        assertThat(lines.get(0)).startsWith("pass ").contains("dist/app.jar", "signature", "A valid signature.");
        assertThat(lines.get(3)).startsWith("MISSING").contains("dist/<tool>.jar", "No signature was found");
        assertThat(lines.get(6)).contains("was skipped: it is evidence");
        assertThat(lines.get(7))
                .isEqualTo("Release gate FAILED: 1 of 2 artifacts failed: dist/<tool>.jar (signature missing, sbom"
                        + " fail).");
    }

    @Test
    void saysOnEveryLineAndAtTheEndThatAnAuditOnlyAudits() {
        List<String> lines = console(true);

        assertThat(lines).allSatisfy(line -> assertThat(line).startsWith("[audit only] "));
        assertThat(lines.get(lines.size() - 1)).isEqualTo(GateConsole.AUDIT_NOTICE);
        assertThat(lines.get(lines.size() - 2)).contains("Audit only, the release gate would fail");
    }

    @Test
    void keepsNonAsciiTextIntactOnTheConsole() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        GateConsole.print(SampleReports.allPass(false), new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("Release gate passed: 1 artifact");
    }

    @Test
    void failsTheBuildWithTheOneLineVerdictWhenTheGateFails() {
        assertThatThrownBy(() -> GateConsole.enforce(SampleReports.mixed(false)))
                .isInstanceOf(AbortException.class)
                .hasMessage("Release gate FAILED: 1 of 2 artifacts failed: dist/<tool>.jar (signature missing, sbom"
                        + " fail).");
    }

    @Test
    void leavesTheBuildAloneWhenTheGatePasses() {
        assertThatCode(() -> GateConsole.enforce(SampleReports.allPass(false))).doesNotThrowAnyException();
    }

    @Test
    void leavesTheBuildAloneWhenAFailedGateOnlyAudits() {
        assertThatCode(() -> GateConsole.enforce(SampleReports.mixed(true))).doesNotThrowAnyException();
    }

    private static List<String> console(boolean audit) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        GateConsole.print(SampleReports.mixed(audit), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
