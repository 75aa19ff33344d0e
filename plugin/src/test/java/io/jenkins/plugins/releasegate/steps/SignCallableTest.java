package io.jenkins.plugins.releasegate.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the callable releaseSign sends to the agent directly against a real workspace. */
class SignCallableTest {

    private static final String KEY = "pkcs11:token=release;object=signing";

    @TempDir
    Path workspace;

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
    void signsOnlyArtifactsAndNeverEvidence() {
        assertThatThrownBy(() -> sign("target/*"))
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("the 3 artifacts");
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
    void failsClosedWhileTheEngineHasNoPkcs11Signer() {
        assertThatThrownBy(() -> sign("target/*.jar"))
                .isInstanceOf(AbortException.class)
                .hasMessage("This build of the Release Gate engine has no PKCS#11 signer yet, so releaseSign signs none"
                        + " of the 2 artifacts.")
                .hasMessageNotContaining("1234");
    }

    private void sign(String artifacts) throws IOException, InterruptedException {
        new SignCallable(artifacts, KEY, null, "1234".toCharArray()).invoke(workspace.toFile(), null);
    }
}
