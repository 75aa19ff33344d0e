package io.jenkins.plugins.releasegate.core.policy;

/**
 * Which signers of a signature with several must be trusted. Under both, every signer's signature must verify over
 * the artifact with an acceptable algorithm; {@code any} only lets signers that no trust anchor vouches for stand
 * beside one that a trust anchor does.
 */
public enum Signers implements PolicyWord {
    /** Every signer must be trusted. */
    ALL,
    /** One trusted signer suffices; the report names the others. */
    ANY
}
