package io.jenkins.plugins.releasegate.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.releasegate.config.ReleaseGateConfiguration;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The {@code releaseSign} step: signs the artifacts that an Ant pattern matches in the workspace with a key held in
 * a PKCS#11 token attached to the agent, writing {@code FILE.p7s} beside each. The token's PIN comes from a Secret
 * text credential and reaches neither the console nor the build's record.
 */
public final class ReleaseSignStep extends Step {

    private final String artifacts;
    private final String key;
    private final String pinCredentialsId;
    private String module;

    @DataBoundConstructor
    public ReleaseSignStep(String artifacts, String key, String pinCredentialsId) {
        this.artifacts = StepArguments.required("releaseSign", "artifacts", artifacts, "'target/*.jar'");
        this.key = StepArguments.keyUri("releaseSign", key);
        this.pinCredentialsId =
                StepArguments.required("releaseSign", "pinCredentialsId", pinCredentialsId, "'hsm-pin'");
    }

    public String getArtifacts() {
        return artifacts;
    }

    public String getKey() {
        return key;
    }

    public String getPinCredentialsId() {
        return pinCredentialsId;
    }

    public String getModule() {
        return module;
    }

    /** The PKCS#11 module's path on the agent, when the key's URI does not name it with {@code module-path}. */
    @DataBoundSetter
    public void setModule(String module) {
        this.module = StepArguments.optional(module);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, artifacts, key, pinCredentialsId, module);
    }

    /**
     * Looks the PIN up for this build and signs on the agent. Pipeline stores this object in the build's record, so
     * it holds the credential's id, never the PIN.
     */
    static final class Execution extends SynchronousNonBlockingStepExecution<Void> {

        private static final long serialVersionUID = 1L;

        private final String artifacts;
        private final String key;
        private final String pinCredentialsId;
        private final String module;

        Execution(StepContext context, String artifacts, String key, String pinCredentialsId, String module) {
            super(context);
            this.artifacts = artifacts;
            this.key = key;
            this.pinCredentialsId = pinCredentialsId;
            this.module = module;
        }

        @Override
        protected Void run() throws Exception {
            FilePath workspace = getContext().get(FilePath.class);
            TaskListener listener = getContext().get(TaskListener.class);
            Run<?, ?> run = getContext().get(Run.class);

            StringCredentials credential =
                    CredentialsProvider.findCredentialById(pinCredentialsId, StringCredentials.class, run);
            char[] pin = SigningConsole.pin(credential, pinCredentialsId);
            List<SigningLine> lines;
            try {
                lines = workspace.act(new SignCallable(
                        artifacts, key, ReleaseGateConfiguration.get().module(module), pin));
            } finally {
                Arrays.fill(pin, '\0');
            }
            PrintStream console = listener.getLogger();
            SigningConsole.print(lines, key, console);
            SigningConsole.enforce(lines);
            return null;
        }
    }

    /** Declares the step to Pipeline as {@code releaseSign}. */
    @Extension
    @Symbol("releaseSign")
    public static final class DescriptorImpl extends StepDescriptor {

        @Override
        public String getFunctionName() {
            return "releaseSign";
        }

        @Override
        public String getDisplayName() {
            return Messages.ReleaseSignStep_DisplayName();
        }

        /** The Secret text credentials the user may choose as the PIN. */
        @POST
        public ListBoxModel doFillPinCredentialsIdItems(
                @AncestorInPath Item item, @QueryParameter String pinCredentialsId) {
            return PinCredentials.items(item, pinCredentialsId);
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, FilePath.class, TaskListener.class);
        }
    }
}
