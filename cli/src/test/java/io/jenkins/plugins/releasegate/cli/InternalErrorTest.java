package io.jenkins.plugins.releasegate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An error the gate does not expect ends the command with exit status 3 and one line, the stack trace only with
 * {@code --debug}. The errors are real: {@code release-gate} runs as its own process, once with a heap far too small
 * for the SBOM it is given, as on a machine short of memory, and once from a broken installation whose class path
 * lacks the YAML library the policy reader needs.
 */
class InternalErrorTest {

    /** A heap the command starts in but cannot hold the SBOM's document tree in. */
    private static final String SMALL_HEAP = "-Xmx24m";

    private static final int COMPONENTS = 200_000;

    private static final String YAML_LIBRARY = "jackson-dataformat-yaml";

    @TempDir
    Path folder;

    private Path artifact;

    @BeforeEach
    void writeAnArtifact() throws IOException {
        artifact = Files.writeString(folder.resolve("app.jar"), "application");
    }

    @Test
    void runningOutOfMemoryExitsThreeWithOneLineAndNoStackTrace() throws Exception {
        writeAnSbomTooLargeForTheHeap();

        Run run = releaseGate("verify", artifact.toString());

        assertThat(run.status()).isEqualTo(ReleaseGateCommand.INTERNAL_ERROR);
        assertThat(run.err().lines())
                .singleElement()
                .asString()
                .startsWith("release-gate: internal error: java.lang.OutOfMemoryError")
                .endsWith("(run with --debug for details)");
        assertThat(run.err()).doesNotContain("at io.", "at java.", "Exception in thread");
        assertThat(run.out()).isEmpty();
    }

    private void writeAnSbomTooLargeForTheHeap() throws IOException {
        try (Writer sbom = Files.newBufferedWriter(folder.resolve("app.jar.cdx.json"))) {
            sbom.write("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1,\"components\":[");
            for (int i = 0; i < COMPONENTS; i++) {
                sbom.write((i == 0 ? "" : ",") + "{\"type\":\"library\",\"name\":\"lib" + i + "\",\"version\":\"1." + i
                        + "\",\"purl\":\"pkg:maven/example/lib" + i + "@1." + i + "\"}");
            }
            sbom.write("]}");
        }
    }

    @Test
    void aMissingLibraryExitsThreeWithOneLineAndNoStackTrace() throws Exception {
        Run run = releaseGateWithout(YAML_LIBRARY, "verify", "--policy", policy().toString(), artifact.toString());

        assertThat(run.status()).isEqualTo(ReleaseGateCommand.INTERNAL_ERROR);
        assertThat(run.err().lines())
                .singleElement()
                .asString()
                .startsWith("release-gate: internal error: java.lang.NoClassDefFoundError: com/fasterxml/jackson/"
                        + "dataformat/yaml/")
                .endsWith("(run with --debug for details)");
        assertThat(run.err()).doesNotContain("at io.", "Caused by");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void aMissingLibraryShowsTheStackTraceWithDebug() throws Exception {
        Run run = releaseGateWithout(
                YAML_LIBRARY, "verify", "--debug", "--policy", policy().toString(), artifact.toString());

        assertThat(run.status()).isEqualTo(ReleaseGateCommand.INTERNAL_ERROR);
        List<String> lines = run.err().lines().toList();
        assertThat(lines.get(0))
                .startsWith("release-gate: internal error: java.lang.NoClassDefFoundError")
                .doesNotContain("--debug");
        assertThat(lines).anySatisfy(line -> assertThat(line).startsWith("\tat io.jenkins.plugins.releasegate."));
        assertThat(lines)
                .anySatisfy(line -> assertThat(line).startsWith("Caused by: java.lang.ClassNotFoundException"));
        assertThat(run.out()).isEmpty();
    }

    private Path policy() throws IOException {
        return Files.writeString(folder.resolve("policy.yaml"), "version: 1\nmode: enforce\n");
    }

    private Run releaseGate(String... args) throws IOException, InterruptedException {
        return run(List.of(SMALL_HEAP, "-cp", System.getProperty("java.class.path")), args);
    }

    /** Runs the command from this test's class path less the libraries whose file names start with the name given. */
    private Run releaseGateWithout(String library, String... args) throws IOException, InterruptedException {
        List<String> entries = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).getFileName().toString().startsWith(library))
                .toList();
        assertThat(entries).as("the class path without " + library).hasSizeLessThan(classPathSize());
        return run(List.of("-cp", String.join(File.pathSeparator, entries)), args);
    }

    private static int classPathSize() {
        return System.getProperty("java.class.path").split(File.pathSeparator).length;
    }

    private Run run(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add(ReleaseGateCommand.class.getName());
        command.addAll(List.of(args));
        Path out = folder.resolve("stdout");
        Path err = folder.resolve("stderr");
        Process process = new ProcessBuilder(command)
                .directory(folder.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private record Run(int status, String out, String err) {}
}
