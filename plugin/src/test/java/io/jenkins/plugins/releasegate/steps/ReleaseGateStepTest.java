package io.jenkins.plugins.releasegate.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.releasegate.JenkinsStandIns;
import io.jenkins.plugins.releasegate.config.ReleaseGateConfiguration;
import io.jenkins.plugins.releasegate.core.policy.Policy;
import io.jenkins.plugins.releasegate.core.policy.PolicyReader;
import io.jenkins.plugins.releasegate.core.policy.PolicySettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReleaseGateStepTest {

    @Test
    void rejectsAMissingArtifactsPatternWithAnExample() {
        assertThatThrownBy(() -> new ReleaseGateStep("  "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("releaseGate needs artifacts, for example releaseGate artifacts: 'target/*.jar'.");
    }

    @Test
    void treatsAnEmptyPolicyAsNoPolicy() {
        ReleaseGateStep step = new ReleaseGateStep(" target/*.jar ");
        step.setPolicy("   ");

        assertThat(step.getArtifacts()).isEqualTo("target/*.jar");
        assertThat(step.getPolicy()).isNull();
    }

    @Test
    void keepsAPolicyFileName() {
        ReleaseGateStep step = new ReleaseGateStep("target/*.jar");
        step.setPolicy("ci/release-policy.yaml");

        assertThat(step.getPolicy()).isEqualTo("ci/release-policy.yaml");
    }

    @Test
    void isCalledReleaseGateAndNeedsAWorkspace() {
        ReleaseGateStep.DescriptorImpl descriptor = new ReleaseGateStep.DescriptorImpl();

        assertThat(descriptor.getFunctionName()).isEqualTo("releaseGate");
        Set<Class<?>> context = Set.copyOf(descriptor.getRequiredContext());
        assertThat(context).isEqualTo(Set.of(Run.class, FilePath.class, TaskListener.class));
    }

    @Test
    void sendsTheAgentTheGlobalPolicyOfThePageAsPolicyText(@TempDir Path home) throws Exception {
        ReleaseGateConfiguration configuration = new ReleaseGateConfiguration();
        configuration.apply(PolicySettings.of(PolicyReader.read(Path.of("..", "examples", "policy.yaml"))));
        configuration.setFailOn("critical");

        try (JenkinsStandIns jenkins = JenkinsStandIns.administrator(home.toFile(), configuration)) {
            Policy sent = PolicyReader.read(
                    "the global policy", GlobalPolicy.yaml().getBytes(StandardCharsets.UTF_8), false, home);

            assertThat(sent).isEqualTo(configuration.policy());
            assertThat(sent.scan().failOn().id()).isEqualTo("critical");
            assertThat(sent.exceptions()).extracting(rule -> rule.id()).containsExactly("EX-1");
        }
    }

    @Test
    void runsNoGateUnderAGlobalPolicyThatDoesNotRead(@TempDir Path home) {
        ReleaseGateConfiguration configuration = new ReleaseGateConfiguration();
        configuration.setSbomBinding("filename");

        try (JenkinsStandIns jenkins = JenkinsStandIns.administrator(home.toFile(), configuration)) {
            assertThatThrownBy(GlobalPolicy::yaml)
                    .isInstanceOf(AbortException.class)
                    .hasMessageStartingWith("The Release Gate global policy is not valid (sbomBinding: ")
                    .hasMessageContaining("\"filename\"")
                    .hasMessageEndingWith("An administrator must fix it under Manage Jenkins > System > Release Gate.");
        }
    }
}
