package io.jenkins.plugins.releasegate.core.scan;

/**
 * The compact record the gate keeps of one SARIF result: only what decides its severity and what a report shows.
 *
 * @param position its index in the run's {@code results}
 * @param line the line of the file where it starts, for messages
 * @param ruleId {@code ruleId}, or {@code null}
 * @param ruleIndex {@code ruleIndex}, or -1
 * @param referenceId {@code rule.id}, or {@code null}
 * @param referenceIndex {@code rule.index}, or -1
 * @param component which tool component {@code rule.toolComponent} names, or {@code null} for the driver
 * @param kind {@code kind}, {@code fail} when absent
 * @param level {@code level}, or {@code null}
 * @param securitySeverity {@code properties.security-severity}, or {@code null}
 * @param message the message text, cut short, or {@code null}
 * @param uri the first location's artifact URI, or {@code null}
 * @param artifactIndex the first location's artifact index, or -1
 * @param startLine the first location's start line, or 0
 * @param logicalLocation the first location's logical name, or {@code null}
 * @param suppression how the tool suppressed it ({@code in source}, {@code externally}), or {@code null}
 */
record SarifResult(
        int position,
        int line,
        String ruleId,
        int ruleIndex,
        String referenceId,
        int referenceIndex,
        ComponentReference component,
        SarifKind kind,
        SarifLevel level,
        SecuritySeverity securitySeverity,
        String message,
        String uri,
        int artifactIndex,
        int startLine,
        String logicalLocation,
        String suppression) {

    /**
     * A {@code toolComponentReference}: an index into {@code tool.extensions}, or a name or GUID.
     *
     * @param index the index, or -1
     * @param name the name, or {@code null}
     * @param guid the GUID, or {@code null}
     */
    record ComponentReference(int index, String name, String guid) {}
}
