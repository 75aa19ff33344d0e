package io.jenkins.plugins.releasegate.steps;

import hudson.AbortException;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.releasegate.core.artifact.GateInputException;
import io.jenkins.plugins.releasegate.core.attest.PromotionVerdicts;
import io.jenkins.plugins.releasegate.core.engine.Gate;
import io.jenkins.plugins.releasegate.core.engine.GateFactory;
import io.jenkins.plugins.releasegate.core.policy.ArtifactPatterns;
import io.jenkins.plugins.releasegate.core.policy.InvalidPolicyException;
import io.jenkins.plugins.releasegate.core.policy.Policy;
import io.jenkins.plugins.releasegate.core.policy.PolicyFloor;
import io.jenkins.plugins.releasegate.core.policy.PolicyProblem;
import io.jenkins.plugins.releasegate.core.policy.PolicyReader;
import io.jenkins.plugins.releasegate.core.report.JsonReportWriter;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import jenkins.MasterToSlaveFileCallable;

/**
 * Runs the release gate on the agent that holds the workspace. Only the report comes back to the controller, as the
 * engine's JSON report, so no engine type has to cross the channel and no artifact leaves the agent. Whatever stops
 * the gate before it can decide ends the step with an {@link AbortException} that says why. With a verdict key, it
 * also signs one verdict per artifact into the workspace; a token's PIN crosses the channel inside this callable and
 * is overwritten on the agent as soon as the verdicts are signed.
 */
final class GateCallable extends MasterToSlaveFileCallable<String> {

    private static final long serialVersionUID = 1L;

    private final String artifacts;
    private final String policyFile;
    private final String globalPolicy;
    private final String attestKey;
    private final String module;
    private final char[] pin;
    private String verdicts;

    /** Gates without signing verdicts; see {@link #GateCallable(String, String, String, String, String, char[])}. */
    GateCallable(String artifacts, String policyFile, String globalPolicy) {
        this(artifacts, policyFile, globalPolicy, null, null, null);
    }

    /**
     * @param artifacts Ant patterns relative to the workspace, separated by commas
     * @param policyFile the pipeline's policy file relative to the workspace, or {@code null} for none
     * @param globalPolicy the text of the global policy, which the pipeline's policy may only tighten
     * @param attestKey what signs the verdicts (a PEM key file, relative to the workspace unless absolute, or a
     *     PKCS#11 URI), or {@code null} to sign none
     * @param module the PKCS#11 module on the agent, or {@code null} to take the URI's {@code module-path}
     * @param pin the token's PIN for a PKCS#11 key, else {@code null}; overwritten when the callable has run
     */
    GateCallable(
            String artifacts, String policyFile, String globalPolicy, String attestKey, String module, char[] pin) {
        this.artifacts = artifacts;
        this.policyFile = policyFile;
        this.globalPolicy = globalPolicy;
        this.attestKey = attestKey;
        this.module = module;
        this.pin = pin;
    }

    /**
     * Also accepts signed verdicts from this folder of the workspace as evidence for promotion, by the engine's
     * promotion rule: only verdicts signed by a key the effective policy trusts, for the artifact's digest, under the
     * same policy.
     */
    GateCallable withVerdicts(String verdictFolder) {
        this.verdicts = verdictFolder;
        return this;
    }

    @Override
    public String invoke(File workspace, VirtualChannel channel) throws IOException, InterruptedException {
        try {
            Path folder = workspace.toPath();
            Policy policy = withArtifactPatterns(effectivePolicy(folder));
            GateReport report = gate(policy).verify(List.of("."), folder);
            if (verdicts != null) {
                report = promoted(report, policy, folder);
            }
            if (attestKey != null) {
                report = VerdictSigning.attest(report, folder, attestKey, module, pin);
            }
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            JsonReportWriter.write(report, json);
            return json.toString(StandardCharsets.UTF_8);
        } catch (GateInputException e) {
            throw new AbortException(Messages.GateCallable_Unsearchable(e.getMessage()));
        } catch (RuntimeException e) {
            throw new AbortException(Messages.GateCallable_InternalError(e.toString()));
        } finally {
            if (pin != null) {
                Arrays.fill(pin, '\0');
            }
        }
    }

    private GateReport promoted(GateReport report, Policy policy, Path workspace) throws AbortException {
        Path folder = workspace.resolve(verdicts).normalize();
        if (!folder.startsWith(workspace.normalize()) || !Files.isDirectory(folder)) {
            throw new AbortException(Messages.GateCallable_NoVerdictFolder(verdicts));
        }
        try {
            return PromotionVerdicts.forPolicy(policy, folder, Clock.systemUTC())
                    .apply(report);
        } catch (InvalidPolicyException e) {
            throw invalid(policyFile == null ? Messages.GateCallable_GlobalPolicyName() : policyFile, e);
        }
    }

    private Policy effectivePolicy(Path workspace) throws AbortException {
        Policy floor;
        try {
            floor = PolicyReader.read(
                    "the global policy", globalPolicy.getBytes(StandardCharsets.UTF_8), false, workspace);
        } catch (InvalidPolicyException e) {
            throw invalid(Messages.GateCallable_GlobalPolicyName(), e);
        }
        if (policyFile == null) {
            return floor;
        }

        Path file = workspace.resolve(policyFile).normalize();
        if (!Files.isRegularFile(file)) {
            throw new AbortException(Messages.GateCallable_NoPolicyFile(policyFile));
        }
        Policy pipeline;
        try {
            pipeline = PolicyReader.read(file);
        } catch (InvalidPolicyException e) {
            throw invalid(policyFile, e);
        }
        try {
            return PolicyFloor.tighten(floor, pipeline);
        } catch (PolicyFloor.LoosenedException e) {
            throw new AbortException(Messages.GateCallable_Loosens(policyFile, String.join("; ", e.loosenings())));
        }
    }

    /** The step's patterns choose the artifacts; the policy's exclusions still apply. */
    private Policy withArtifactPatterns(Policy policy) throws AbortException {
        List<String> include = StepArguments.patterns(artifacts);
        if (include.isEmpty()) {
            throw new AbortException(Messages.GateCallable_NoPattern(artifacts));
        }
        return new Policy(
                policy.mode(),
                new ArtifactPatterns(include, policy.artifacts().exclude()),
                policy.signature(),
                policy.sbom(),
                policy.scan(),
                policy.exceptions());
    }

    private Gate gate(Policy policy) throws AbortException {
        try {
            return GateFactory.create(policy, Clock.systemUTC());
        } catch (InvalidPolicyException e) {
            throw invalid(policyFile == null ? Messages.GateCallable_GlobalPolicyName() : policyFile, e);
        }
    }

    private static AbortException invalid(String name, InvalidPolicyException e) {
        String problems = e.problems().stream()
                .map(PolicyProblem::toString)
                .map(problem -> problem.endsWith(".") ? problem.substring(0, problem.length() - 1) : problem)
                .collect(Collectors.joining("; "));
        return new AbortException(Messages.GateCallable_InvalidPolicy(name, problems));
    }
}
