package io.jenkins.plugins.releasegate.steps;

import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.jenkins.plugins.releasegate.actions.GateReportAction;
import io.jenkins.plugins.releasegate.core.report.JsonReportReader;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import java.io.IOException;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The {@code releaseGate} step: gates the artifacts that an Ant pattern matches in the workspace on their signature,
 * SBOM and scan evidence, shows the verdict on the console and on the build, and fails the build when the gate fails
 * and the policy enforces.
 */
public final class ReleaseGateStep extends Step {

    private final String artifacts;
    private String policy;

    @DataBoundConstructor
    public ReleaseGateStep(String artifacts) {
        this.artifacts = StepArguments.required("releaseGate", "artifacts", artifacts, "'target/*.jar'");
    }

    public String getArtifacts() {
        return artifacts;
    }

    public String getPolicy() {
        return policy;
    }

    /** A policy file in the workspace that tightens the global policy. */
    @DataBoundSetter
    public void setPolicy(String policy) {
        this.policy = StepArguments.optional(policy);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, artifacts, policy);
    }

    /** Runs the gate on the workspace's agent, off the Pipeline thread, since hashing large artifacts takes time. */
    static final class Execution extends SynchronousNonBlockingStepExecution<Void> {

        private static final long serialVersionUID = 1L;

        private final String artifacts;
        private final String policy;

        Execution(StepContext context, String artifacts, String policy) {
            super(context);
            this.artifacts = artifacts;
            this.policy = policy;
        }

        @Override
        protected Void run() throws Exception {
            FilePath workspace = getContext().get(FilePath.class);
            TaskListener listener = getContext().get(TaskListener.class);
            Run<?, ?> run = getContext().get(Run.class);

            String json = workspace.act(new GateCallable(artifacts, policy, GlobalPolicy.yaml()));
            GateReport report = read(json);
            GateConsole.print(report, listener.getLogger());
            run.addAction(new GateReportAction(
                    json, run.getActions(GateReportAction.class).size() + 1));
            GateConsole.enforce(report);
            return null;
        }

        private static GateReport read(String json) throws AbortException {
            try {
                return JsonReportReader.read("The report the agent sent back", json);
            } catch (IOException e) {
                throw new AbortException(e.getMessage() + " The release gate fails.");
            }
        }
    }

    /** Declares the step to Pipeline as {@code releaseGate}. */
    @Extension
    @Symbol("releaseGate")
    public static final class DescriptorImpl extends StepDescriptor {

        @Override
        public String getFunctionName() {
            return "releaseGate";
        }

        @Override
        public String getDisplayName() {
            return "Gate artifacts on their signature, SBOM and scans (Release Gate)";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, FilePath.class, TaskListener.class);
        }
    }
}
