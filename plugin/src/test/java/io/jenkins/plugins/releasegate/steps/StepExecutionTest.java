package io.jenkins.plugins.releasegate.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.releasegate.JenkinsStandIns;
import io.jenkins.plugins.releasegate.actions.GateReportAction;
import io.jenkins.plugins.releasegate.config.ReleaseGateConfiguration;
import io.jenkins.plugins.releasegate.core.policy.PolicyReader;
import io.jenkins.plugins.releasegate.core.policy.PolicySettings;
import io.jenkins.plugins.releasegate.core.verdict.Verdict;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The releaseGate step as Pipeline runs it: its context hands it the build, the workspace on an agent and the
 * console; what it sends to the agent runs on a real copy of the example release.
 */
class StepExecutionTest {

    private static final Path EXAMPLES = Path.of("..", "examples");

    @TempDir
    Path workspace;

    @TempDir
    Path buildFolder;

    @TempDir
    Path home;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private final List<GateReportAction> attached = new ArrayList<>();
    private Run<?, ?> run;
    private StepContext context;
    private ReleaseGateConfiguration configuration;

    @BeforeEach
    @SuppressWarnings("unchecked")
    void aBuildWithTheExampleReleaseInItsWorkspace() throws Exception {
        try (Stream<Path> files = Files.list(EXAMPLES.resolve("release"))) {
            for (Path file : files.toList()) {
                Files.createDirectories(workspace.resolve("release"));
                Files.copy(
                        file,
                        workspace.resolve("release").resolve(file.getFileName().toString()));
            }
        }
        FilePath agent = JenkinsStandIns.agentWorkspace(workspace);
        TaskListener listener = JenkinsStandIns.console(console);
        run = mock(Run.class);
        when(run.getRootDir()).thenReturn(buildFolder.toFile());
        when(run.getActions(GateReportAction.class)).thenAnswer(call -> List.copyOf(attached));
        org.mockito.Mockito.doAnswer(call -> attached.add(call.getArgument(0)))
                .when(run)
                .addAction(any(GateReportAction.class));
        context = mock(StepContext.class);
        when(context.get(FilePath.class)).thenReturn(agent);
        when(context.get(TaskListener.class)).thenReturn(listener);
        when(context.get(Run.class)).thenReturn((Run) run);
        configuration = new ReleaseGateConfiguration();
        configuration.apply(PolicySettings.of(PolicyReader.read(EXAMPLES.resolve("policy.yaml"))));
    }

    @Test
    void aPassingGateLeavesTheBuildAloneAndKeepsItsReportOnTheBuild() throws Exception {
        try (JenkinsStandIns jenkins = JenkinsStandIns.administrator(home.toFile(), configuration)) {
            execution("release/app-*.jar").run();
        }

        assertThat(attached).singleElement().satisfies(action -> {
            assertThat(action.getUrlName()).isEqualTo("release-gate");
            assertThat(action.report().orElseThrow().verdict()).isEqualTo(Verdict.PASS);
        });
        String stored = Files.readString(buildFolder.resolve("release-gate.json"), StandardCharsets.UTF_8);
        assertThat(stored).contains("\"verdict\" : \"pass\"", "release/app-1.0.jar");
        assertThat(text()).contains("Release gate passed");
        try (Stream<Path> left = Files.list(buildFolder)) {
            assertThat(left).extracting(path -> path.getFileName().toString()).containsExactly("release-gate.json");
        }
    }

    @Test
    void aFailingGateFailsTheBuildWithTheVerdictAndStillKeepsTheReport() throws Exception {
        try (JenkinsStandIns jenkins = JenkinsStandIns.administrator(home.toFile(), configuration)) {
            assertThatThrownBy(() -> execution("release/*.jar").run())
                    .isInstanceOf(AbortException.class)
                    .hasMessageStartingWith(
                            "Release gate FAILED: 1 of 2 artifacts failed: release/report-tool-1.0.jar");
        }

        assertThat(attached).singleElement();
        assertThat(buildFolder.resolve("release-gate.json")).exists();
        assertThat(text()).contains("FAIL", "report-tool-1.0.jar", "CVE-2021-44228");
    }

    @Test
    void aSecondGateRunOfTheBuildGetsItsOwnPageAndFile() throws Exception {
        try (JenkinsStandIns jenkins = JenkinsStandIns.administrator(home.toFile(), configuration)) {
            execution("release/app-*.jar").run();
            execution("release/app-*.jar").run();
        }

        assertThat(attached).extracting(GateReportAction::getUrlName).containsExactly("release-gate", "release-gate-2");
        assertThat(buildFolder.resolve("release-gate-2.json")).exists();
    }

    @Test
    void aGlobalPolicyThatDoesNotReadGatesNothing() throws Exception {
        configuration.setFailOn("severe");

        try (JenkinsStandIns jenkins = JenkinsStandIns.administrator(home.toFile(), configuration)) {
            assertThatThrownBy(() -> execution("release/app-*.jar").run())
                    .isInstanceOf(AbortException.class)
                    .hasMessageStartingWith("The Release Gate global policy is not valid (failOn: ");
        }

        verify(run, never()).addAction(any());
    }

    @Test
    void aPipelinePolicyThatLoosensTheGlobalOneFailsTheBuildAndNamesWhatItLoosened() throws Exception {
        Files.writeString(workspace.resolve("loose.yaml"), "version: 1\nmode: audit\nscan:\n  failOn: critical\n");

        try (JenkinsStandIns jenkins = JenkinsStandIns.administrator(home.toFile(), configuration)) {
            ReleaseGateStep step = new ReleaseGateStep("release/app-*.jar");
            step.setPolicy("loose.yaml");
            assertThatThrownBy(() -> started(step).run())
                    .isInstanceOf(AbortException.class)
                    .hasMessageContaining("loose.yaml tries to loosen the global policy")
                    .hasMessageContaining("mode")
                    .hasMessageContaining("failOn");
        }
    }

    @Test
    void warnsOnTheConsoleOfAnExceptionThatEndsSoon() throws Exception {
        String soon =
                java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(5).toString();
        configuration.setExceptions(List.of(new io.jenkins.plugins.releasegate.config.ExceptionEntry(
                "EX-1", "finding:CVE-2022-42003", "Not reachable", "platform-security@example.com", soon)));

        try (JenkinsStandIns jenkins = JenkinsStandIns.administrator(home.toFile(), configuration)) {
            execution("release/app-*.jar").run();
        }

        assertThat(text())
                .contains(
                        "[release gate] Warning: Exception EX-1 (owner platform-security@example.com) ends in 6 days ("
                                + soon + ")");
    }

    private ReleaseGateStep.Execution execution(String artifacts) {
        return started(new ReleaseGateStep(artifacts));
    }

    /**
     * The step's execution with its context; the stand-in execution keeps no context, so the spy hands it out as the
     * real {@code StepExecution.getContext()} does.
     */
    private ReleaseGateStep.Execution started(ReleaseGateStep step) {
        ReleaseGateStep.Execution execution = spy((ReleaseGateStep.Execution) step.start(context));
        doReturn(context).when(execution).getContext();
        return execution;
    }

    private String text() {
        return console.toString(StandardCharsets.UTF_8);
    }
}
