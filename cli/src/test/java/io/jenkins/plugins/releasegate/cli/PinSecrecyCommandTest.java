package io.jenkins.plugins.releasegate.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every command that takes a PIN, with the real PIN of a SoftHSM2 token, once in this JVM with {@code --pin-file}
 * and once as a separate process with {@code --pin-env}, and looks for the PIN everywhere it could leak: standard
 * output and error (with {@code --debug} stack traces), and every file the commands leave behind.
 */
class PinSecrecyCommandTest {

    private static final String PIN_VARIABLE = "RELEASE_GATE_TEST_PIN";

    @TempDir
    Path folder;

    private SoftHsmToken token;
    private Path module;
    private Path pinFile;
    private final StringBuilder everythingShown = new StringBuilder();

    @BeforeEach
    void findTheToken() throws IOException {
        module = SoftHsmToken.module();
        token = SoftHsmToken.get(SoftHsmToken.Name.RELEASE);
        pinFile = Files.writeString(folder.resolve("pin"), token.pin() + "\n");
    }

    @Test
    void noCommandShowsOrWritesThePinItWasGivenInAFile() throws Exception {
        List<String> pin = List.of("--pin-file", pinFile.toString());

        everyCommand(pin, this::runHere);

        assertThePinLeakedNowhere();
    }

    @Test
    void noCommandShowsOrWritesThePinItWasGivenInAnEnvironmentVariable() throws Exception {
        List<String> pin = List.of("--pin-env", PIN_VARIABLE);

        everyCommand(pin, this::runAsProcess);

        assertThePinLeakedNowhere();
    }

    private void everyCommand(List<String> pin, CommandRun run) throws Exception {
        String keyUri = token.uri("secrecy-" + UUID.randomUUID());
        String requestedUri = token.uri("secrecy-csr-" + UUID.randomUUID());
        Path csr = folder.resolve("signing.csr");
        Path artifact = Files.writeString(folder.resolve("app.jar"), "application");
        String moduleOption = module.toString();

        assertThat(run.run(with(
                        pin,
                        "hsm",
                        "keygen",
                        "--module",
                        moduleOption,
                        "--key",
                        keyUri,
                        "--type",
                        "ec-p256",
                        "--self-signed",
                        "Secrecy Signer")))
                .isZero();
        assertThat(run.run(with(
                        pin,
                        "hsm",
                        "keygen",
                        "--module",
                        moduleOption,
                        "--key",
                        requestedUri,
                        "--type",
                        "ec-p256",
                        "--csr",
                        csr.toString())))
                .isZero();
        Path issued = issue(csr);
        assertThat(run.run(with(
                        pin, "hsm", "import-cert", "--module", moduleOption, "--key", requestedUri, issued.toString())))
                .isZero();
        assertThat(run.run(with(pin, "hsm", "list", "--module", moduleOption, "--token", token.label())))
                .isZero();
        assertThat(run.run(with(pin, "sign", "--module", moduleOption, "--key", keyUri, artifact.toString())))
                .isZero();
        assertThat(run.run(List.of(
                        "verify",
                        "--format",
                        "json",
                        "--output",
                        folder.resolve("report.json").toString(),
                        artifact.toString())))
                .isEqualTo(1);

        // failures, with stack traces asked for: a certificate for another key, and a key that is not there
        assertThat(run.run(with(
                        pin,
                        "hsm",
                        "import-cert",
                        "--debug",
                        "--module",
                        moduleOption,
                        "--key",
                        keyUri,
                        issued.toString())))
                .isNotZero();
        assertThat(run.run(with(
                        pin,
                        "sign",
                        "--debug",
                        "--module",
                        moduleOption,
                        "--key",
                        token.uri("absent-" + UUID.randomUUID()),
                        artifact.toString())))
                .isNotZero();
    }

    private int runHere(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = ReleaseGateCommand.execute(
                args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        everythingShown.append(out).append(err);
        return status;
    }

    private int runAsProcess(List<String> args) {
        try {
            Path tmp = Files.createDirectories(folder.resolve("process-tmp"));
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djava.io.tmpdir=" + tmp,
                    "-cp",
                    System.getProperty("java.class.path"),
                    ReleaseGateCommand.class.getName()));
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().put(PIN_VARIABLE, token.pin());
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
            everythingShown.append(output);
            return process.exitValue();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("Could not run the command " + args, e);
        }
    }

    /** The arguments followed by the PIN options, which belong to the subcommand. */
    private static List<String> with(List<String> pin, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(pin);
        return all;
    }

    /** Issues a certificate for the request with a throwaway openssl CA, as a real CA would. */
    private Path issue(Path csr) throws Exception {
        Path caKey = folder.resolve("ca.key");
        Path caCert = folder.resolve("ca.pem");
        Path issued = folder.resolve("issued.pem");
        openssl(
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                caKey.toString(),
                "-out",
                caCert.toString(),
                "-subj",
                "/CN=Secrecy CA",
                "-days",
                "2");
        openssl(
                "x509",
                "-req",
                "-in",
                csr.toString(),
                "-CA",
                caCert.toString(),
                "-CAkey",
                caKey.toString(),
                "-CAcreateserial",
                "-days",
                "2",
                "-out",
                issued.toString());
        return issued;
    }

    private void assertThePinLeakedNowhere() throws IOException {
        assertThat(everythingShown.toString()).isNotEmpty().doesNotContain(token.pin());
        byte[] pin = token.pin().getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (!file.equals(pinFile)) {
                    assertThat(indexOf(Files.readAllBytes(file), pin))
                            .as("the PIN in %s", folder.relativize(file))
                            .isNegative();
                }
            }
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue())
                .as(String.join(" ", command) + "\n" + output)
                .isZero();
    }

    @FunctionalInterface
    private interface CommandRun {
        int run(List<String> args);
    }
}
