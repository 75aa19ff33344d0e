package io.jenkins.plugins.releasegate.core.policy;

/**
 * One thing wrong with a policy.
 *
 * @param key the key, as a dotted path such as {@code scan.failOn} or {@code exceptions[2].expires}
 * @param line the line in the policy file, or 0 when unknown
 * @param message a sentence that says what is wrong and what is allowed
 */
public record PolicyProblem(String key, int line, String message) {

    @Override
    public String toString() {
        return (line > 0 ? "line " + line + ": " : "") + key + " " + message;
    }
}
