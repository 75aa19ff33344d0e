package io.jenkins.plugins.releasegate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.core.hsm.SoftHsmToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * tmpfs, mounted for the test (which needs root, as CI runs).
 */
class FullDiskTest {

    private static final Path EXAMPLES =
            Path.of("..", "examples").toAbsolutePath().normalize();

    @TempDir
    Path folder;

    private Path disk;
    private boolean mounted;

    @BeforeEach
    void mountASmallFileSystem() throws Exception {
        disk = Files.createDirectories(folder.resolve("disk"));
        mounted = command("mount", "-t", "tmpfs", "-o", "size=8k", "tmpfs", disk.toString()) == 0;
        Assumptions.assumeTrue(mounted, "mounting a small tmpfs needs root");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mounted) {
            command("umount", disk.toString());
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

    private static int command(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor(60, TimeUnit.SECONDS) ? process.exitValue() : -1;
    }
}
