package io.jenkins.plugins.releasegate.core.hsm;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command line tool the way the signature tests drive openssl: stdin closed, stdout and stderr captured
 * together, a time limit, and the output shown when it fails.
 */
final class ToolRun {

    static final Duration TIMEOUT = Duration.ofSeconds(120);

    private ToolRun() {}

    /**
     * Runs the command and returns its output.
     *
     * @throws AssertionError when it exits with another status than 0 or runs too long, with its output
     */
    static String run(Path folder, List<String> command) throws IOException {
        Result result = attempt(folder, command);
        if (result.exitStatus() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed with exit status " + result.exitStatus()
                    + "; its output:\n" + result.output());
        }
        return result.output();
    }

    /** What a command printed and how it ended. */
    record Result(int exitStatus, String output) {}

    /** Runs the command and returns how it ended, whatever its exit status. */
    static Result attempt(Path folder, List<String> command) throws IOException {
        Path output = Files.createTempFile("tool-", ".log");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(folder.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            process.getOutputStream().close();
            boolean finished;
            try {
                finished = process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new IOException("Interrupted while waiting for " + command.get(0), e);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (!finished) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + TIMEOUT.toSeconds()
                        + " s; its output so far:\n" + text);
            }
            return new Result(process.exitValue(), text);
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
