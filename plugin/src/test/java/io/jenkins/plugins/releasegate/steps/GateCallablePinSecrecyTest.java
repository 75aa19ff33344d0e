package io.jenkins.plugins.releasegate.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import hudson.AbortException;
import io.jenkins.plugins.releasegate.ExampleRelease;
import io.jenkins.plugins.releasegate.core.hsm.HsmKeys;
import io.jenkins.plugins.releasegate.core.hsm.KeyType;
import io.jenkins.plugins.releasegate.core.hsm.Pkcs11Module;
import io.jenkins.plugins.releasegate.core.hsm.Pkcs11Uri;
import io.jenkins.plugins.releasegate.core.hsm.SoftHsmToken;
import io.jenkins.plugins.releasegate.core.report.JsonReportReader;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * releaseGate with {@code attest} and a key on a real SoftHSM2 token, run as the agent runs it, with the token's real
 * PIN: the PIN must reach the token and nothing else, neither the console, nor an exception, nor the system log,
 * nor a file in the workspace, nor what the agent sends back.
 */
class GateCallablePinSecrecyTest {

    @TempDir
    Path workspace;

    private final SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.RELEASE);
    private final List<LogRecord> logged = Collections.synchronizedList(new ArrayList<>());
    private final Handler systemLog = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private Level rootLevel;
    private String examplePolicy;

    @BeforeEach
    void copyTheExampleReleaseAndListenToTheSystemLog() throws IOException {
        ExampleRelease.copyInto(workspace);
        examplePolicy = ExampleRelease.policy();
        Logger root = Logger.getLogger("");
        rootLevel = root.getLevel();
        systemLog.setLevel(Level.ALL);
        root.setLevel(Level.ALL);
        root.addHandler(systemLog);
    }

    @AfterEach
    void stopListening() {
        Logger root = Logger.getLogger("");
        root.removeHandler(systemLog);
        root.setLevel(rootLevel);
    }

    @Test
    void leavesThePinInNoLineNoMessageNoLogNoFileAndNothingSentBack() throws Exception {
        String key = keyOnTheToken();
        String absentKey = token.uri("absent-" + UUID.randomUUID());

        GateCallable signing = callable(key);
        String sentBack = signing.invoke(workspace.toFile(), null);
        Throwable refused = catchThrowable(() -> callable(absentKey).invoke(workspace.toFile(), null));

        GateReport report = JsonReportReader.read("the report", sentBack);
        assertThat(report.notes())
                .as("the token signed the verdicts, so the PIN reached it")
                .contains("2 signed verdicts written to release-gate-verdicts/.");
        assertThat(sentBack).doesNotContain(pin());
        assertThat(serialized(sentBack)).doesNotContain(pin());
        assertThat(serialized(callable(key)))
                .as("a callable that has not run yet carries the PIN to the agent, as it must")
                .contains(pin());
        assertThat(serialized(signing))
                .as("the callable, once it has run, as it would cross the channel again")
                .doesNotContain(pin());
        assertThat(consoleOf(report))
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).doesNotContain(pin()));
        Throwable verdict = catchThrowable(() -> GateConsole.enforce(report));
        assertThat(verdict).as("the example's second artifact fails").isInstanceOf(AbortException.class);
        assertThat(refused).isInstanceOf(AbortException.class);
        assertNoPinIn(refused);
        assertNoPinIn(verdict);
        assertThat(logged).allSatisfy(this::assertNoPinIn);
        assertNoPinInTheWorkspace();
    }

    private GateCallable callable(String key) {
        return new GateCallable(
                "release/*.jar",
                null,
                examplePolicy,
                key,
                SoftHsmToken.module().toString(),
                token.pin().toCharArray());
    }

    private String pin() {
        return token.pin();
    }

    private List<String> consoleOf(GateReport report) {
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        GateConsole.print(report, new PrintStream(console, true, StandardCharsets.UTF_8));
        return console.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** The bytes an object becomes on the channel, read as Latin-1 and as UTF-16, the two ways a PIN could show. */
    private static String serialized(Serializable object) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(object);
        }
        byte[] raw = bytes.toByteArray();
        return new String(raw, StandardCharsets.ISO_8859_1) + "\n" + new String(raw, StandardCharsets.UTF_16BE) + "\n"
                + new String(raw, 1, raw.length - 1, StandardCharsets.UTF_16BE);
    }

    private void assertNoPinIn(Throwable thrown) {
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            assertThat(String.valueOf(cause.getMessage())).doesNotContain(pin());
            assertThat(cause.toString()).doesNotContain(pin());
        }
    }

    private void assertNoPinIn(LogRecord record) {
        assertThat(String.valueOf(record.getMessage())).doesNotContain(pin());
        if (record.getParameters() != null) {
            for (Object parameter : record.getParameters()) {
                assertThat(String.valueOf(parameter)).doesNotContain(pin());
            }
        }
        if (record.getThrown() != null) {
            assertNoPinIn(record.getThrown());
        }
    }

    private void assertNoPinInTheWorkspace() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(workspace)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        assertThat(files)
                .as("the verdicts were written")
                .anyMatch(file -> file.toString().endsWith(".vsa.dsse.json"));
        for (Path file : files) {
            byte[] content = Files.readAllBytes(file);
            assertThat(new String(content, StandardCharsets.ISO_8859_1))
                    .as("%s", workspace.relativize(file))
                    .doesNotContain(pin());
            assertThat(new String(content, StandardCharsets.UTF_16BE))
                    .as("%s as UTF-16", workspace.relativize(file))
                    .doesNotContain(pin());
        }
    }

    /** Makes a fresh EC key with a self-signed certificate on the test token, and returns its URI. */
    private String keyOnTheToken() throws Exception {
        String uri = token.uri("gate-secrecy-" + UUID.randomUUID());
        HsmKeys.generate(
                Pkcs11Module.open(SoftHsmToken.module()),
                Pkcs11Uri.parse(uri),
                KeyType.EC_P256,
                token.newPin(),
                HsmKeys.SelfSigned.of("Gate PIN secrecy"));
        return uri;
    }
}
