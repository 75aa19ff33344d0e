package io.jenkins.plugins.releasegate.steps;

import io.jenkins.plugins.releasegate.core.policy.Policy;
import io.jenkins.plugins.releasegate.core.policy.PolicyWriter;

/**
 * The policy every pipeline is held to at least. Until the global policy page exists it is the engine's default
 * policy. It travels to the agent as policy text, which the agent reads with the engine's own policy reader.
 */
public final class GlobalPolicy {

    private GlobalPolicy() {}

    /** The global policy as it stands now. */
    public static Policy policy() {
        return Policy.defaults();
    }

    static String yaml() {
        return PolicyWriter.toYaml(policy());
    }
}
