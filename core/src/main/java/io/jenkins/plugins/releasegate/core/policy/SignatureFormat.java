package io.jenkins.plugins.releasegate.core.policy;

/** Signature formats a policy may accept. */
public enum SignatureFormat implements PolicyWord {
    CMS,
    OPENPGP,
    RAW,
    JAR
}
