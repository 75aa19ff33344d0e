package io.jenkins.plugins.releasegate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.core.hsm.SoftHsmToken;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several {@code release-gate sign} processes on one token at once: every signature they write is valid. */
class ConcurrentSigningTest {

    private static final int PROCESSES = 3;
    private static final int FILES_EACH = 12;

    @TempDir
    Path folder;

    @Test
    void concurrentSignRunsOnOneTokenAllProduceValidSignatures() throws Exception {
        Path module = SoftHsmToken.module();
        SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.RELEASE);
        Path pin = Files.writeString(folder.resolve("pin"), token.pin());
        String key = token.uri("concurrent-" + UUID.randomUUID());
        assertThat(run(
                        "hsm",
                        "keygen",
                        "--module",
                        module.toString(),
                        "--key",
                        key,
                        "--type",
                        "ec-p256",
                        "--self-signed",
                        "Concurrent Signer",
                        "--pin-file",
                        pin.toString()))
                .isZero();

        List<Process> processes = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        for (int p = 0; p < PROCESSES; p++) {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    ReleaseGateCommand.class.getName(),
                    "sign",
                    "--module",
                    module.toString(),
                    "--key",
                    key,
                    "--pin-file",
                    pin.toString()));
            for (int f = 0; f < FILES_EACH; f++) {
                Path file = Files.writeString(folder.resolve("p" + p + "-" + f + ".jar"), "content " + p + "/" + f);
                files.add(file);
                command.add(file.toString());
            }
            processes.add(new ProcessBuilder(command).redirectErrorStream(true).start());
        }
        for (Process process : processes) {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(180, TimeUnit.SECONDS)).as(output).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
        }

        Path certificate = folder.resolve("signer.pem");
        Process export = new ProcessBuilder(
                        "openssl",
                        "pkcs7",
                        "-inform",
                        "DER",
                        "-in",
                        files.get(0) + ".p7s",
                        "-print_certs",
                        "-out",
                        certificate.toString())
                .redirectErrorStream(true)
                .start();
        assertThat(export.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Path policy = Files.writeString(
                folder.resolve("policy.yaml"),
                "signature:\n  trust:\n    certificates: [" + certificate
                        + "]\nsbom:\n  required: false\nscan:\n  required: false\n");
        List<String> verify = new ArrayList<>(List.of("verify", "--policy", policy.toString()));
        files.forEach(file -> verify.add(file.toString()));
        StringWriter out = new StringWriter();

        int status = ReleaseGateCommand.execute(
                verify.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));

        assertThat(status).as(out.toString()).isZero();
        assertThat(out.toString()).contains("Release gate passed: " + PROCESSES * FILES_EACH + " artifacts");
    }

    private static int run(String... args) {
        return ReleaseGateCommand.execute(
                args, new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true));
    }
}
