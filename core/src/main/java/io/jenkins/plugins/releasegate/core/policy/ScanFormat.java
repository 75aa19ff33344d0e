package io.jenkins.plugins.releasegate.core.policy;

/** Scan report formats a policy may accept. */
public enum ScanFormat implements PolicyWord {
    SARIF,
    TRIVY,
    GRYPE,
    DEPENDENCY_CHECK
}
