package io.jenkins.plugins.releasegate.steps;

import hudson.AbortException;
import hudson.remoting.VirtualChannel;
import io.jenkins.plugins.releasegate.core.artifact.Artifact;
import io.jenkins.plugins.releasegate.core.artifact.ArtifactCollector;
import io.jenkins.plugins.releasegate.core.artifact.GateInputException;
import io.jenkins.plugins.releasegate.core.policy.ArtifactPatterns;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import jenkins.MasterToSlaveFileCallable;

/**
 * Signs artifacts on the agent that holds the workspace and the HSM. The PIN crosses the channel inside this
 * callable and is overwritten on the agent as soon as the signer is done; the callable is never stored.
 */
final class SignCallable extends MasterToSlaveFileCallable<ArrayList<SigningLine>> {

    private static final long serialVersionUID = 1L;

    private final String artifacts;
    private final String key;
    private final String module;
    private final char[] pin;

    /**
     * @param artifacts Ant patterns relative to the workspace, separated by commas
     * @param key the PKCS#11 URI of the signing key
     * @param module the PKCS#11 module's path on the agent, or {@code null} to take the URI's {@code module-path}
     * @param pin the token's PIN; overwritten when the callable has run
     */
    SignCallable(String artifacts, String key, String module, char[] pin) {
        this.artifacts = artifacts;
        this.key = key;
        this.module = module;
        this.pin = pin;
    }

    @Override
    public ArrayList<SigningLine> invoke(File workspace, VirtualChannel channel)
            throws IOException, InterruptedException {
        try {
            List<HsmSigning.NamedFile> files = artifacts(workspace.toPath());
            return new ArrayList<>(HsmSigning.signAll(library(), key, pin, files));
        } catch (RuntimeException e) {
            throw new AbortException(
                    Messages.SignCallable_InternalError(e.getClass().getName()));
        } finally {
            Arrays.fill(pin, '\0');
        }
    }

    /** The files the patterns match, chosen by the engine's rules: evidence files are never artifacts. */
    private List<HsmSigning.NamedFile> artifacts(Path workspace) throws AbortException {
        List<String> include = StepArguments.patterns(artifacts);
        if (include.isEmpty()) {
            throw new AbortException(Messages.SignCallable_NoPattern(artifacts));
        }
        List<Artifact> found;
        try {
            found = new ArtifactCollector(new ArtifactPatterns(include, List.of()))
                    .collect(List.of("."), workspace)
                    .artifacts();
        } catch (GateInputException e) {
            throw new AbortException(Messages.SignCallable_Unsearchable(e.getMessage()));
        }
        if (found.isEmpty()) {
            throw new AbortException(Messages.SignCallable_NoArtifact(String.join(", ", include)));
        }
        return found.stream()
                .map(artifact -> new HsmSigning.NamedFile(artifact.file(), artifact.displayPath()))
                .toList();
    }

    private Path library() throws AbortException {
        if (module == null) {
            return null;
        }
        Path library = Path.of(module);
        if (!Files.isRegularFile(library)) {
            throw new AbortException(Messages.SignCallable_NoModule(module));
        }
        return library;
    }
}
