package io.jenkins.plugins.releasegate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Colour only on a terminal, never with {@code NO_COLOR} set: first the decision itself, then the real command on a
 * real pseudo-terminal that {@code script} (util-linux) gives it, and through a pipe.
 */
class TerminalTest {

    private static final Path EXAMPLES =
            Path.of("..", "examples").toAbsolutePath().normalize();
    private static final String ESCAPE = "\u001b[";

    @TempDir
    Path folder;

    @Test
    void coloursOnATerminal() {
        assertThat(Terminal.colour(Map.of("TERM", "xterm-256color")::get, true)).isTrue();
    }

    @Test
    void doesNotColourWithoutATerminal() {
        assertThat(Terminal.colour(Map.of("TERM", "xterm-256color")::get, false))
                .isFalse();
    }

    @Test
    void doesNotColourWithNoColourSetToAnyValue() {
        assertThat(Terminal.colour(Map.of("TERM", "xterm", "NO_COLOR", "1")::get, true))
                .isFalse();
        assertThat(Terminal.colour(Map.of("TERM", "xterm", "NO_COLOR", "0")::get, true))
                .isFalse();
    }

    @Test
    void anEmptyNoColourCountsAsUnset() {
        assertThat(Terminal.colour(Map.of("TERM", "xterm", "NO_COLOR", "")::get, true))
                .isTrue();
    }

    @Test
    void doesNotColourADumbTerminalOrOneWithoutTerm() {
        assertThat(Terminal.colour(Map.of("TERM", "dumb")::get, true)).isFalse();
        assertThat(Terminal.colour(Map.<String, String>of()::get, true)).isFalse();
    }

    @Test
    void theCommandColoursItsReportOnARealTerminal() throws Exception {
        String shown = onTerminal(Map.of("TERM", "xterm"), "verify", "--policy", policy(), release());

        assertThat(shown).contains(ESCAPE + "32mpass", ESCAPE + "1m" + ESCAPE + "31mFAIL", ESCAPE + "0m");
        assertThat(shown).contains("Release gate FAILED");
    }

    @Test
    void theCommandDoesNotColourOnARealTerminalWithNoColour() throws Exception {
        String shown = onTerminal(Map.of("TERM", "xterm", "NO_COLOR", "1"), "verify", "--policy", policy(), release());

        assertThat(shown).contains("Release gate FAILED").doesNotContain(ESCAPE);
    }

    @Test
    void theCommandDoesNotColourAReportWrittenToAFileFromATerminal() throws Exception {
        Path report = folder.resolve("gate.txt");

        String shown = onTerminal(
                Map.of("TERM", "xterm"), "verify", "--policy", policy(), "--output", report.toString(), release());

        assertThat(shown).contains("Report: " + report);
        assertThat(Files.readString(report)).contains("FAIL").doesNotContain(ESCAPE);
    }

    @Test
    void theCommandDoesNotColourThroughAPipe() throws Exception {
        List<String> command = releaseGate("verify", "--policy", policy(), release());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("TERM", "xterm");
        builder.environment().remove("NO_COLOR");

        String shown = output(builder);

        assertThat(shown).contains("Release gate FAILED").doesNotContain(ESCAPE);
    }

    /** Runs the command on a pseudo-terminal of its own, as at a person's terminal, and returns what it showed. */
    private String onTerminal(Map<String, String> environment, String... args) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script (util-linux) is not installed");
        String shellCommand =
                releaseGate(args).stream().map(TerminalTest::quoted).collect(Collectors.joining(" "));
        ProcessBuilder builder = new ProcessBuilder("/usr/bin/script", "-qec", shellCommand, "/dev/null")
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true);
        builder.environment().remove("NO_COLOR");
        builder.environment().putAll(environment);
        return output(builder);
    }

    private static List<String> releaseGate(String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                ReleaseGateCommand.class.getName()));
        command.addAll(List.of(args));
        return command;
    }

    private static String output(ProcessBuilder builder) throws IOException, InterruptedException {
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isEqualTo(ReleaseGateCommand.GATE_FAILED);
        return output;
    }

    private static String quoted(String argument) {
        return "'" + argument.replace("'", "'\\''") + "'";
    }

    private static String policy() {
        return EXAMPLES.resolve("policy.yaml").toString();
    }

    private static String release() {
        return EXAMPLES.resolve("release").toString();
    }
}
