package io.jenkins.plugins.releasegate.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.when;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.Secret;
import io.jenkins.plugins.releasegate.JenkinsStandIns;
import io.jenkins.plugins.releasegate.config.ReleaseGateConfiguration;
import io.jenkins.plugins.releasegate.core.hsm.HsmKeys;
import io.jenkins.plugins.releasegate.core.hsm.KeyType;
import io.jenkins.plugins.releasegate.core.hsm.Pkcs11Module;
import io.jenkins.plugins.releasegate.core.hsm.Pkcs11Uri;
import io.jenkins.plugins.releasegate.core.hsm.SoftHsmToken;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Stream;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.MockedStatic;

/**
 * The releaseSign step as Pipeline runs it, through a real SoftHSM2 token: the PIN comes from the build's credential
 * and reaches no console line, no workspace file and no build folder file.
 */
class SignStepExecutionTest {

    @TempDir
    Path workspace;

    @TempDir
    Path home;

    private final SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.RELEASE);
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private StepContext context;
    private Run<?, ?> run;

    @BeforeEach
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aBuildWithArtifacts() throws Exception {
        Files.createDirectories(workspace.resolve("target"));
        Files.writeString(workspace.resolve("target/app.jar"), "app");
        Files.writeString(workspace.resolve("target/tool.jar"), "tool");
        FilePath agent = JenkinsStandIns.agentWorkspace(workspace);
        TaskListener listener = JenkinsStandIns.console(console);
        run = mock(Run.class);
        context = mock(StepContext.class);
        when(context.get(FilePath.class)).thenReturn(agent);
        when(context.get(TaskListener.class)).thenReturn(listener);
        when(context.get(Run.class)).thenReturn((Run) run);
    }

    @Test
    void signsWithTheGlobalModuleAndThePinOfTheBuildsCredentialWhichNoOutputShows() throws Exception {
        String key = keyOnTheToken();
        ReleaseGateConfiguration configuration = new ReleaseGateConfiguration();
        configuration.setPkcs11Module(SoftHsmToken.module().toString());

        try (JenkinsStandIns jenkins = JenkinsStandIns.administrator(home.toFile(), configuration);
                MockedStatic<CredentialsProvider> credentials = pinCredential(token.pin())) {
            started(new ReleaseSignStep("target/*.jar", key, "hsm-pin")).run();
        }

        assertThat(workspace.resolve("target/app.jar.p7s")).isNotEmptyFile();
        assertThat(workspace.resolve("target/tool.jar.p7s")).isNotEmptyFile();
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("releaseSign signed 2 of 2 artifacts with " + key)
                .doesNotContain(token.pin());
        assertNoFileHolds(workspace, token.pin());
        assertNoFileHolds(home, token.pin());
    }

    @Test
    void aMissingCredentialSignsNothingAndSaysWhichIdWasMissing() throws Exception {
        ReleaseGateConfiguration configuration = new ReleaseGateConfiguration();

        try (JenkinsStandIns jenkins = JenkinsStandIns.administrator(home.toFile(), configuration);
                MockedStatic<CredentialsProvider> credentials = mockStatic(CredentialsProvider.class)) {
            assertThatThrownBy(() -> started(new ReleaseSignStep(
                                    "target/*.jar", "pkcs11:token=release;object=signing", "hsm-pin"))
                            .run())
                    .isInstanceOf(AbortException.class)
                    .hasMessage("No Secret text credential with the id hsm-pin is available to this build, so"
                            + " releaseSign signs nothing.");
        }

        assertThat(workspace.resolve("target/app.jar.p7s")).doesNotExist();
    }

    private MockedStatic<CredentialsProvider> pinCredential(String pin) {
        Secret secret = mock(Secret.class);
        when(secret.getPlainText()).thenReturn(pin);
        StringCredentials credential = mock(StringCredentials.class);
        when(credential.getSecret()).thenReturn(secret);
        MockedStatic<CredentialsProvider> credentials = mockStatic(CredentialsProvider.class);
        credentials
                .when(() -> CredentialsProvider.findCredentialById(eq("hsm-pin"), eq(StringCredentials.class), any()))
                .thenReturn(credential);
        return credentials;
    }

    private ReleaseSignStep.Execution started(ReleaseSignStep step) {
        ReleaseSignStep.Execution execution = spy((ReleaseSignStep.Execution) step.start(context));
        doReturn(context).when(execution).getContext();
        return execution;
    }

    private static void assertNoFileHolds(Path folder, String secret) throws Exception {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                        .as(file.toString())
                        .doesNotContain(secret);
            }
        }
    }

    private String keyOnTheToken() throws Exception {
        String uri = token.uri("step-" + UUID.randomUUID());
        HsmKeys.generate(
                Pkcs11Module.open(SoftHsmToken.module()),
                Pkcs11Uri.parse(uri),
                KeyType.EC_P256,
                token.newPin(),
                HsmKeys.SelfSigned.of("Step Test Signer"));
        return uri;
    }
}
