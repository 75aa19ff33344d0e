package io.jenkins.plugins.releasegate.steps;

import hudson.AbortException;
import io.jenkins.plugins.releasegate.config.ReleaseGateConfiguration;
import io.jenkins.plugins.releasegate.core.policy.InvalidPolicyException;
import io.jenkins.plugins.releasegate.core.policy.Policy;
import io.jenkins.plugins.releasegate.core.policy.PolicySettings;
import io.jenkins.plugins.releasegate.core.policy.PolicyWriter;
import java.util.stream.Collectors;

/**
 * The policy every pipeline is held to at least: the one administrators set on the global policy page. It travels to
 * the agent as policy text, which the agent reads with the engine's own policy reader.
 */
public final class GlobalPolicy {

    private GlobalPolicy() {}

    /**
     * The global policy as it stands now.
     *
     * @throws AbortException when the stored global policy does not read, so that no gate runs under a policy nobody
     *     can state
     */
    public static Policy policy() throws AbortException {
        return of(ReleaseGateConfiguration.get());
    }

    static Policy of(ReleaseGateConfiguration configuration) throws AbortException {
        try {
            return configuration.policy();
        } catch (InvalidPolicyException e) {
            String problems = e.problems().stream()
                    .map(problem -> PolicySettings.field(problem) + ": " + PolicySettings.describe(problem))
                    .collect(Collectors.joining("; "));
            throw new AbortException(Messages.GlobalPolicy_Invalid(problems));
        }
    }

    static String yaml() throws AbortException {
        return yaml(policy());
    }

    static String yaml(Policy policy) {
        return PolicyWriter.toYaml(policy);
    }
}
