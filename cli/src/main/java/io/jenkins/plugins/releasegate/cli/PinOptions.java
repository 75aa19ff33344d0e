package io.jenkins.plugins.releasegate.cli;

import io.jenkins.plugins.releasegate.core.hsm.HsmException;
import io.jenkins.plugins.releasegate.core.hsm.Pin;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where the PIN comes from: an environment variable or a file, never an argument. */
final class PinOptions {

    @Option(names = "--pin-env", paramLabel = "NAME", description = "Read the PIN from environment variable NAME.")
    String environmentVariable;

    @Option(names = "--pin-file", paramLabel = "FILE", description = "Read the PIN from FILE (one line).")
    Path file;

    Pin read() throws HsmException {
        return environmentVariable != null ? Pin.fromEnvironment(environmentVariable) : Pin.fromFile(file);
    }
}
