package io.jenkins.plugins.releasegate.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SigningConsoleTest {

    private static final SigningLine SIGNED = new SigningLine("target/app.jar", "target/app.jar.p7s", null);
    private static final SigningLine FAILED = new SigningLine(
            "target/tool.jar", null, "target/tool.jar could not be read (Permission denied), so it was not signed.");

    @Test
    void printsOneSentencePerFileThenTheCount() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        SigningConsole.print(
                List.of(SIGNED, FAILED),
                "pkcs11:token=release;object=signing",
                new PrintStream(bytes, true, StandardCharsets.UTF_8));

        assertThat(bytes.toString(StandardCharsets.UTF_8).lines())
                .containsExactly(
                        "Signed target/app.jar: target/app.jar.p7s.",
                        "target/tool.jar was not signed: target/tool.jar could not be read (Permission denied), so it"
                                + " was not signed.",
                        "releaseSign signed 1 of 2 artifacts with pkcs11:token=release;object=signing.");
    }

    @Test
    void failsTheBuildNamingEveryUnsignedArtifact() {
        assertThatThrownBy(() -> SigningConsole.enforce(List.of(SIGNED, FAILED)))
                .isInstanceOf(AbortException.class)
                .hasMessage("releaseSign could not sign 1 of 2 artifacts: target/tool.jar.");
    }

    @Test
    void leavesTheBuildAloneWhenEveryArtifactIsSigned() {
        assertThatCode(() -> SigningConsole.enforce(List.of(SIGNED))).doesNotThrowAnyException();
    }

    @Test
    void namesAMissingCredentialByItsIdOnly() {
        assertThatThrownBy(() -> SigningConsole.pin((String) null, "hsm-pin"))
                .isInstanceOf(AbortException.class)
                .hasMessage("No Secret text credential with the id hsm-pin is available to this build, so releaseSign"
                        + " signs nothing.");
    }

    @Test
    void refusesAnEmptyPin() {
        assertThatThrownBy(() -> SigningConsole.pin("", "hsm-pin"))
                .hasMessage("The credential hsm-pin holds an empty PIN, so releaseSign signs nothing.");
    }

    @Test
    void returnsThePinAsCharacters() throws AbortException {
        assertThat(SigningConsole.pin("0042", "hsm-pin")).containsExactly('0', '0', '4', '2');
    }
}
