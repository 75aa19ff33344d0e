package io.jenkins.plugins.releasegate.core.scan;

/**
 * What the gate keeps of a SARIF rule ({@code reportingDescriptor}).
 *
 * @param id the rule's id, or {@code null} when the file gives none
 * @param securitySeverity its {@code properties.security-severity}, or {@code null}
 * @param defaultLevel its {@code defaultConfiguration.level}, or {@code null}
 * @param description its short description, cut to a line, or {@code null}
 */
record SarifRule(String id, SecuritySeverity securitySeverity, SarifLevel defaultLevel, String description) {}
