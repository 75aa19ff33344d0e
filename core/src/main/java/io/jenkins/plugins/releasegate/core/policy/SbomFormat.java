package io.jenkins.plugins.releasegate.core.policy;

/** SBOM formats a policy may accept. */
public enum SbomFormat implements PolicyWord {
    CYCLONEDX,
    SPDX
}
