package io.jenkins.plugins.releasegate.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import hudson.AbortException;
import io.jenkins.plugins.releasegate.core.hsm.HsmKeys;
import io.jenkins.plugins.releasegate.core.hsm.KeyType;
import io.jenkins.plugins.releasegate.core.hsm.Pkcs11Module;
import io.jenkins.plugins.releasegate.core.hsm.Pkcs11Uri;
import io.jenkins.plugins.releasegate.core.hsm.SoftHsmToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the callable releaseSign sends to the agent directly against a real workspace. */
class SignCallableTest {

    private static final String KEY = "pkcs11:token=release;object=signing";

    @TempDir
    Path workspace;

    private final SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.RELEASE);

    @BeforeEach
    void buildSomeArtifacts() throws IOException {
        Files.createDirectories(workspace.resolve("target"));
        Files.writeString(workspace.resolve("target/app.jar"), "app");
        Files.writeString(workspace.resolve("target/tool.jar"), "tool");
        Files.writeString(workspace.resolve("target/app.jar.p7s"), "an older signature");
        Files.writeString(workspace.resolve("target/notes.txt"), "notes");
    }

    @Test
    void overwritesThePinWhateverHappens() {
        char[] pin = "1234".toCharArray();

        assertThatThrownBy(() -> new SignCallable("target/*.jar", KEY, null, pin).invoke(workspace.toFile(), null))
                .isInstanceOf(AbortException.class);

        assertThat(pin).containsOnly('\0');
    }

    @Test
    void signsEveryArtifactThroughTheTokenButNeverEvidence() throws Exception {
        String key = keyOnTheToken();
        char[] pin = token.pin().toCharArray();

        List<SigningLine> lines = new SignCallable(
                        "target/*", key, SoftHsmToken.module().toString(), pin)
                .invoke(workspace.toFile(), null);

        assertThat(lines)
                .extracting(SigningLine::file)
                .containsExactly("target/app.jar", "target/notes.txt", "target/tool.jar");
        assertThat(lines)
                .allSatisfy(
                        line -> assertThat(line.signed()).as(line.sentence()).isTrue());
        assertThat(Files.readAllBytes(workspace.resolve("target/app.jar.p7s"))[0])
                .as("a DER signature")
                .isEqualTo((byte) 0x30);
        assertThat(workspace.resolve("target/tool.jar.p7s")).isNotEmptyFile();
        assertThat(pin).containsOnly('\0');
    }

    @Test
    void failsWhenNoArtifactMatches() {
        assertThatThrownBy(() -> sign("dist/*.jar"))
                .isInstanceOf(AbortException.class)
                .hasMessage("No artifact in the workspace matches dist/*.jar, so releaseSign has nothing to sign and"
                        + " fails.");
    }

    @Test
    void failsWhenTheModuleIsNotOnTheAgent() {
        assertThatThrownBy(() -> new SignCallable("target/*.jar", KEY, "/nowhere/libpkcs11.so", "1234".toCharArray())
                        .invoke(workspace.toFile(), null))
                .isInstanceOf(AbortException.class)
                .hasMessage("The PKCS#11 module /nowhere/libpkcs11.so does not exist on this agent, so releaseSign"
                        + " signs nothing.");
    }

    @Test
    void refusesAWrongPinOnceAndSignsNothingWithoutShowingThePin() throws Exception {
        String key = keyOnTheToken();

        assertThatThrownBy(() -> new SignCallable(
                                "target/*.jar", key, SoftHsmToken.module().toString(), "not-the-pin-9876".toCharArray())
                        .invoke(workspace.toFile(), null))
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("releaseSign signs nothing")
                .hasMessageNotContaining("not-the-pin-9876")
                .hasMessageNotContaining(token.pin());
        assertThat(workspace.resolve("target/tool.jar.p7s")).doesNotExist();
    }

    @Test
    void leavesTheRightPinInNoLineNoMessageNoFileAndNothingSentBack() throws Exception {
        String key = keyOnTheToken();
        String absentKey = token.uri("absent-" + UUID.randomUUID());

        List<SigningLine> lines = new SignCallable(
                        "target/*",
                        key,
                        SoftHsmToken.module().toString(),
                        token.pin().toCharArray())
                .invoke(workspace.toFile(), null);
        Throwable refused = catchThrowable(() -> new SignCallable(
                        "target/*.jar",
                        absentKey,
                        SoftHsmToken.module().toString(),
                        token.pin().toCharArray())
                .invoke(workspace.toFile(), null));

        assertThat(lines)
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line.sentence()).doesNotContain(token.pin()));
        assertThat(refused).isInstanceOf(AbortException.class);
        for (Throwable cause = refused; cause != null; cause = cause.getCause()) {
            assertThat(String.valueOf(cause.getMessage())).doesNotContain(token.pin());
        }
        ByteArrayOutputStream sentBack = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(sentBack)) {
            out.writeObject(new ArrayList<>(lines));
        }
        assertThat(sentBack.toString(StandardCharsets.ISO_8859_1)).doesNotContain(token.pin());
        try (Stream<Path> files = Files.walk(workspace)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                        .as("%s", workspace.relativize(file))
                        .doesNotContain(token.pin());
            }
        }
    }

    /** Makes a fresh EC key with a self-signed code-signing certificate on the test token, and returns its URI. */
    private String keyOnTheToken() throws Exception {
        String uri = token.uri("plugin-" + UUID.randomUUID());
        HsmKeys.generate(
                Pkcs11Module.open(SoftHsmToken.module()),
                Pkcs11Uri.parse(uri),
                KeyType.EC_P256,
                token.newPin(),
                HsmKeys.SelfSigned.of("Plugin Test Signer"));
        return uri;
    }

    private void sign(String artifacts) throws IOException, InterruptedException {
        new SignCallable(artifacts, KEY, null, "1234".toCharArray()).invoke(workspace.toFile(), null);
    }
}
