package io.jenkins.plugins.releasegate.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.releasegate.core.policy.Policy;
import io.jenkins.plugins.releasegate.core.policy.PolicyReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;

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
    void sendsTheEnginesDefaultPolicyAsTheGlobalPolicy() throws Exception {
        Policy global = PolicyReader.read(
                "the global policy", GlobalPolicy.yaml().getBytes(StandardCharsets.UTF_8), false, Path.of("."));

        assertThat(global).isEqualTo(Policy.defaults());
    }
}
