package io.jenkins.plugins.releasegate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.jenkins.plugins.releasegate.core.hsm.SoftHsmToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A signature or a report written to a full file system leaves nothing behind: the file system is a real 8 KiB
 * tmpfs, mounted for the test. Mounting needs root: the test mounts it itself when it runs as root (as {@code .ci/run}
 * does), and through {@code sudo -n} otherwise (as on a GitHub runner, whose user may use sudo without a password).
 * Where neither works it skips, except on CI (the environment variable {@code CI} is set), where it fails.
 */
class FullDiskTest {

    private static final Path EXAMPLES =
            Path.of("..", "examples").toAbsolutePath().normalize();

    @TempDir
    Path folder;

    private Path disk;
    private boolean mounted;
    /** How the tmpfs was mounted, and so how it is unmounted: nothing before the command, or sudo. */
    private List<String> privilege = List.of();

    @BeforeEach
    void mountASmallFileSystem() throws Exception {
        disk = Files.createDirectories(folder.resolve("disk"));
        // Owned by whoever runs the test, so that it can write there even when sudo mounted it.
        String options = "size=8k,mode=0700,uid=" + Files.getAttribute(folder, "unix:uid") + ",gid="
                + Files.getAttribute(folder, "unix:gid");
        List<String> mount = List.of("mount", "-t", "tmpfs", "-o", options, "tmpfs", disk.toString());
        List<String> failures = new ArrayList<>();
        for (List<String> prefix : List.of(List.<String>of(), List.of("sudo", "-n"))) {
            List<String> command = new ArrayList<>(prefix);
            command.addAll(mount);
            Result result = command(command);
            if (result.status() == 0) {
                mounted = true;
                privilege = prefix;
                return;
            }
            failures.add(String.join(" ", command) + ": " + result.output());
        }
        String reason = "An 8 KiB tmpfs could not be mounted, which needs root or sudo without a password ("
                + String.join("; ", failures) + ")";
        if (System.getenv("CI") != null) {
            fail(reason + ", and CI is set, so the full-disk tests fail rather than skip.");
        }
        Assumptions.assumeTrue(false, reason + ", so the full-disk tests skip.");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            List<String> command = new ArrayList<>(privilege);
            command.addAll(List.of("umount", disk.toString()));
            Result result = command(command);
            assertThat(result.status()).as("%s: %s", command, result.output()).isZero();
        }
    }

    @Test
    void aReportThatDoesNotFitLeavesNoPartialFile() throws IOException {
        Path report = disk.resolve("gate.json");
        Files.write(disk.resolve("filler"), new byte[8192]);
        StringWriter err = new StringWriter();

        int status = ReleaseGateCommand.execute(
                new String[] {
                    "verify",
                    "--policy",
                    EXAMPLES.resolve("policy.yaml").toString(),
                    "--format",
                    "json",
                    "--output",
                    report.toString(),
                    "--",
                    EXAMPLES.resolve("release").toString()
                },
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true));

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("The report could not be written to " + report);
        assertThat(listing(disk)).containsExactly("filler");
    }

    @Test
    void aSignatureThatDoesNotFitLeavesNoPartialFile() throws Exception {
        Path module = SoftHsmToken.module();
        SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.RELEASE);
        Path pin = Files.writeString(folder.resolve("pin"), token.pin());
        String key = token.uri("full-disk-" + UUID.randomUUID());
        PrintWriter quiet = new PrintWriter(new StringWriter(), true);
        assertThat(ReleaseGateCommand.execute(
                        new String[] {
                            "hsm",
                            "keygen",
                            "--module",
                            module.toString(),
                            "--key",
                            key,
                            "--type",
                            "ec-p256",
                            "--self-signed",
                            "Full Disk Signer",
                            "--pin-file",
                            pin.toString()
                        },
                        quiet,
                        quiet))
                .isZero();
        Path artifact = Files.writeString(disk.resolve("app.jar"), "application");
        Files.write(disk.resolve("filler"), new byte[4096]);
        StringWriter out = new StringWriter();

        int status = ReleaseGateCommand.execute(
                new String[] {
                    "sign",
                    "--module",
                    module.toString(),
                    "--key",
                    key,
                    "--pin-file",
                    pin.toString(),
                    artifact.toString()
                },
                new PrintWriter(out, true),
                quiet);

        assertThat(status).as(out.toString()).isEqualTo(1);
        assertThat(out.toString()).contains("not signed  " + artifact).containsIgnoringCase("space");
        assertThat(listing(disk)).containsExactlyInAnyOrder("app.jar", "filler");
    }

    private static List<String> listing(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(file -> file.getFileName().toString()).toList();
        }
    }

    private record Result(int status, String output) {}

    private static Result command(List<String> command) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return process.waitFor(60, TimeUnit.SECONDS) ? new Result(process.exitValue(), output) : new Result(-1, output);
    }
}
