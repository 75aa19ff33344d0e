package io.jenkins.plugins.releasegate.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import hudson.FilePath;
import hudson.model.Result;
import hudson.model.Run;
import io.jenkins.plugins.releasegate.JenkinsStandIns;
import io.jenkins.plugins.releasegate.SampleReports;
import io.jenkins.plugins.releasegate.config.ReleaseGateConfiguration;
import io.jenkins.plugins.releasegate.core.artifact.ArtifactHasher;
import io.jenkins.plugins.releasegate.core.coverage.ArchiveGuard;
import io.jenkins.plugins.releasegate.core.policy.ArtifactPatterns;
import io.jenkins.plugins.releasegate.core.verdict.ArtifactReport;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;
import org.mockito.Mockito;

class MandatoryGatingTest {

    @TempDir
    Path workspace;

    @Test
    @SuppressWarnings("rawtypes")
    void failsAPipelineBuildThatArchivedWithoutAVerdict() {
        Run run = Mockito.mock(Run.class);
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        GateRunListener.markUngated(run, print(console), true);

        verify(run).setResult(Result.FAILURE);
        verify(run).addAction(any(UngatedBadge.class));
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("makes gating mandatory, so the build fails");
    }

    @Test
    @SuppressWarnings("rawtypes")
    void onlyMarksABuildWhoseResultJenkinsNoLongerLetsChange() {
        Run run = Mockito.mock(Run.class);
        doThrow(new IllegalStateException("cannot change build result while in POST_PRODUCTION"))
                .when(run)
                .setResult(any());
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        GateRunListener.markUngated(run, print(console), true);

        verify(run).addAction(any(UngatedBadge.class));
        assertThat(console.toString(StandardCharsets.UTF_8))
                .contains("no longer lets this kind of build change its result, so it is only marked ungated");
    }

    @Test
    @SuppressWarnings("rawtypes")
    void withoutMandatoryGatingMarksTheBuildAndLeavesItsResult() {
        Run run = Mockito.mock(Run.class);
        ByteArrayOutputStream console = new ByteArrayOutputStream();

        GateRunListener.markUngated(run, print(console), false);

        verify(run, never()).setResult(any());
        verify(run).addAction(any(UngatedBadge.class));
        assertThat(console.toString(StandardCharsets.UTF_8)).contains("marked ungated and counted");
    }

    @Test
    @SuppressWarnings("rawtypes")
    void aCompletedBuildThatArchivedWithoutTheGateIsMarkedAndFailedUnderMandatoryGating(@TempDir Path home) {
        Run run = Builds.build(Instant.now(), 0, true);
        Builds.job("mandatory-app", List.of(run));
        ReleaseGateConfiguration configuration = new ReleaseGateConfiguration();
        configuration.setMandatoryGating(true);

        try (JenkinsStandIns jenkins = JenkinsStandIns.administrator(home.toFile(), configuration)) {
            new GateRunListener().onCompleted(run, JenkinsStandIns.console(new ByteArrayOutputStream()));
        }

        verify(run).addAction(any(UngatedBadge.class));
        verify(run).setResult(Result.FAILURE);
    }

    @Test
    @SuppressWarnings("rawtypes")
    void aGatedBuildIsNeitherMarkedNorFailed(@TempDir Path home) {
        Run run = Builds.build(Instant.now(), 0, true, SampleReports.allPass(false));
        Builds.job("gated-app", List.of(run));
        ReleaseGateConfiguration configuration = new ReleaseGateConfiguration();
        configuration.setMandatoryGating(true);

        try (JenkinsStandIns jenkins = JenkinsStandIns.administrator(home.toFile(), configuration)) {
            new GateRunListener().onCompleted(run, JenkinsStandIns.console(new ByteArrayOutputStream()));
        }

        verify(run, never()).addAction(any());
        verify(run, never()).setResult(any());
    }

    @Test
    void theArchiveRefusesArtifactsWithoutAPassingVerdictAndHashesThemOnTheAgent() throws Exception {
        Files.createDirectories(workspace.resolve("target"));
        Files.writeString(workspace.resolve("target/app.jar"), "the gated jar");
        Files.writeString(workspace.resolve("target/other.jar"), "a jar nobody gated");
        Files.writeString(workspace.resolve("target/app.jar.p7s"), "evidence");
        Files.writeString(workspace.resolve("target/notes.txt"), "not an artifact");
        String gated = ArtifactHasher.digest(workspace.resolve("target/app.jar"), Set.of())
                .sha256();
        GateReport report = passed("target/app.jar", gated);
        Map<String, String> artifacts = new LinkedHashMap<>();
        for (String file : List.of("target/app.jar", "target/other.jar", "target/app.jar.p7s", "target/notes.txt")) {
            artifacts.put(file, file);
        }
        FilePath agent = agentWorkspace();

        List<String> refused = GatedArtifactManager.refusals(
                new ArchiveGuard(ArtifactPatterns.defaults()), agent, artifacts, List.of(report));

        assertThat(refused)
                .singleElement()
                .asString()
                .startsWith("target/other.jar (SHA-256 ")
                .endsWith("was not gated in this build: no gate run saw this content, so it may not be archived.");
        ArgumentCaptor<Sha256Callable> sent = ArgumentCaptor.forClass(Sha256Callable.class);
        verify(agent).act(sent.capture());
        assertThat(sent.getValue().invoke(workspace.toFile(), null))
                .containsOnlyKeys("target/app.jar", "target/other.jar");
    }

    @Test
    void theArchiveAsksTheAgentNothingWhenNoFileIsAnArtifact() throws Exception {
        FilePath agent = agentWorkspace();

        List<String> refused = GatedArtifactManager.refusals(
                new ArchiveGuard(ArtifactPatterns.defaults()),
                agent,
                Map.of("logs/build.log", "logs/build.log"),
                List.of());

        assertThat(refused).isEmpty();
        verify(agent, never()).act(any());
    }

    private FilePath agentWorkspace() throws Exception {
        return JenkinsStandIns.agentWorkspace(workspace);
    }

    private static GateReport passed(String path, String sha256) {
        GateReport sample = SampleReports.allPass(false);
        ArtifactReport artifact = sample.artifacts().get(0);
        return new GateReport(
                sample.verdict(),
                false,
                sample.policySha256(),
                sample.time(),
                List.of(new ArtifactReport(path, sha256, artifact.verdict(), artifact.checks())),
                List.of());
    }

    private static PrintStream print(ByteArrayOutputStream console) {
        return new PrintStream(console, true, StandardCharsets.UTF_8);
    }
}
