package io.jenkins.plugins.releasegate.core.policy;

/**
 * How evidence must tie itself to an artifact. Under both, a digest the evidence states must match; {@code digest}
 * also demands that one is stated.
 */
public enum Binding implements PolicyWord {
    NAME,
    DIGEST
}
