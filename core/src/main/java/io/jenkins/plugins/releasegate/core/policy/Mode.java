package io.jenkins.plugins.releasegate.core.policy;

/** Whether a failed gate fails the build ({@code enforce}) or is only reported ({@code audit}). */
public enum Mode implements PolicyWord {
    ENFORCE,
    AUDIT
}
