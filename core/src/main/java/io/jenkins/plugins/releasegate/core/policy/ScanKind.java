package io.jenkins.plugins.releasegate.core.policy;

/** What a scanner looks for; a policy may demand that each artifact is scanned for several kinds. */
public enum ScanKind implements PolicyWord {
    /** Software composition analysis: known vulnerabilities in dependencies. */
    SCA,
    /** Static analysis of the source. */
    SAST,
    /** Secrets committed by mistake. */
    SECRETS,
    /** Container images and their operating system packages. */
    CONTAINER
}
