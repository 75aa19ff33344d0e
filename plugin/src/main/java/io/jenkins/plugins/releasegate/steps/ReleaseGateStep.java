package io.jenkins.plugins.releasegate.steps;

import com.cloudbees.plugins.credentials.CredentialsProvider;
import hudson.AbortException;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.Item;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.releasegate.actions.GateReportAction;
import io.jenkins.plugins.releasegate.config.ReleaseGateConfiguration;
import io.jenkins.plugins.releasegate.core.report.JsonReportReader;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
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
 * The {@code releaseGate} step: gates the artifacts that an Ant pattern matches in the workspace on their signature,
 * SBOM and scan evidence, shows the verdict on the console and on the build, and fails the build when the gate fails
 * and the policy enforces. With {@code attest: true} it also writes, per artifact, a signed verdict into
 * {@code release-gate-verdicts/} in the workspace.
 */
public final class ReleaseGateStep extends Step {

    private final String artifacts;
    private String policy;
    private boolean attest;
    private String attestKey;
    private String pinCredentialsId;
    private String module;
    private String verdicts;

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

    public boolean isAttest() {
        return attest;
    }

    /** Also write a signed verdict per artifact into {@code release-gate-verdicts/}, signed with the attest key. */
    @DataBoundSetter
    public void setAttest(boolean attest) {
        this.attest = attest;
    }

    public String getAttestKey() {
        return attestKey;
    }

    /** A PEM private key file in the workspace (or on the agent), or the PKCS#11 URI of a key on the agent's HSM. */
    @DataBoundSetter
    public void setAttestKey(String attestKey) {
        String key = StepArguments.optional(attestKey);
        if (VerdictSigning.isTokenKey(key)) {
            String lower = key.toLowerCase(Locale.ROOT);
            if (lower.contains("pin-value") || lower.contains("pin-source")) {
                throw new IllegalArgumentException(Messages.ReleaseGateStep_PinInUri());
            }
        }
        this.attestKey = key;
    }

    public String getPinCredentialsId() {
        return pinCredentialsId;
    }

    /** The Secret text credential with the PIN of the token that holds a PKCS#11 attest key. */
    @DataBoundSetter
    public void setPinCredentialsId(String pinCredentialsId) {
        this.pinCredentialsId = StepArguments.optional(pinCredentialsId);
    }

    public String getModule() {
        return module;
    }

    /** The PKCS#11 module's path on the agent, when the attest key's URI does not name it with module-path. */
    @DataBoundSetter
    public void setModule(String module) {
        this.module = StepArguments.optional(module);
    }

    public String getVerdicts() {
        return verdicts;
    }

    /**
     * A folder in the workspace with signed verdicts, as {@code attest} writes them, that stand in for evidence the
     * artifacts no longer carry.
     */
    @DataBoundSetter
    public void setVerdicts(String verdicts) {
        this.verdicts = StepArguments.optional(verdicts);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(
                context, artifacts, policy, attest ? attestKey : null, pinCredentialsId, module, attest, verdicts);
    }

    /** Runs the gate on the workspace's agent, off the Pipeline thread, since hashing large artifacts takes time. */
    static final class Execution extends SynchronousNonBlockingStepExecution<Void> {

        private static final long serialVersionUID = 1L;

        private final String artifacts;
        private final String policy;
        private final String attestKey;
        private final String pinCredentialsId;
        private final String module;
        private final boolean attest;
        private final String verdicts;

        Execution(
                StepContext context,
                String artifacts,
                String policy,
                String attestKey,
                String pinCredentialsId,
                String module,
                boolean attest,
                String verdicts) {
            super(context);
            this.verdicts = verdicts;
            this.artifacts = artifacts;
            this.policy = policy;
            this.attestKey = attestKey;
            this.pinCredentialsId = pinCredentialsId;
            this.module = module;
            this.attest = attest;
        }

        @Override
        protected Void run() throws Exception {
            FilePath workspace = getContext().get(FilePath.class);
            TaskListener listener = getContext().get(TaskListener.class);
            Run<?, ?> run = getContext().get(Run.class);

            VerdictSigning.check(attest, attestKey, pinCredentialsId);
            char[] pin = null;
            if (attest && VerdictSigning.isTokenKey(attestKey)) {
                StringCredentials credential =
                        CredentialsProvider.findCredentialById(pinCredentialsId, StringCredentials.class, run);
                pin = VerdictSigning.pin(
                        credential == null ? null : credential.getSecret().getPlainText(), pinCredentialsId);
            }
            String json;
            try {
                String agentModule = attestKey == null
                        ? module
                        : ReleaseGateConfiguration.get().module(module);
                json = workspace.act(
                        new GateCallable(artifacts, policy, GlobalPolicy.yaml(), attestKey, agentModule, pin)
                                .withVerdicts(verdicts));
            } finally {
                if (pin != null) {
                    Arrays.fill(pin, '\0');
                }
            }
            GateReport report = read(json);
            GateConsole.print(report, listener.getLogger());
            int number = run.getActions(GateReportAction.class).size() + 1;
            try {
                GateReportAction.store(run.getRootDir().toPath(), number, json);
            } catch (IOException e) {
                throw new AbortException(Messages.ReleaseGateStep_ReportNotKept(
                        GateReportAction.fileName(number), String.valueOf(e.getMessage())));
            }
            run.addAction(new GateReportAction(json, report, number));
            GateConsole.enforce(report);
            return null;
        }

        private static GateReport read(String json) throws AbortException {
            try {
                return JsonReportReader.read("The report the agent sent back", json);
            } catch (IOException e) {
                throw new AbortException(Messages.ReleaseGateStep_UnreadableReport(e.getMessage()));
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
            return Messages.ReleaseGateStep_DisplayName();
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
