package io.jenkins.plugins.releasegate.steps;

import io.jenkins.plugins.releasegate.core.policy.Policy;
import io.jenkins.plugins.releasegate.core.policy.PolicyWriter;

/**
 * The policy every pipeline is held to at least. Until the global policy page exists it is the engine's default
 * policy. It travels to the agent as policy text, which the agent reads with the engine's own policy reader.
 */
final class GlobalPolicy {

    private GlobalPolicy() {}

    static String yaml() {
        return PolicyWriter.toYaml(Policy.defaults());
    }
}
