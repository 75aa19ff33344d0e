package io.jenkins.plugins.releasegate.core.scan;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the gate keeps of a scan report of any format once it is read, apart from the findings, which a {@link
 * FindingTally} weighs as they stream by.
 *
 * @param tool the tool as a report shows it, name and version, for example {@code Trivy 0.50.1}; several runs of a
 *     SARIF log are listed with commas
 * @param toolName just the tool's name, for example {@code Trivy}, which a policy's required scan kinds compare with;
 *     empty when the report does not name its tool
 * @param scanTime when the scan ran, or {@code null} when the report does not say
 * @param timeSources where the report would state its time, for the sentence that says it does not, for example
 *     {@code CreatedAt}
 * @param incomplete why the report cannot count as a finished scan, as the rest of a sentence that starts with the
 *     file's name, or {@code null} when it can
 * @param statedArtifacts the entries that state digests of the gated artifact
 * @param moreFacts facts particular to the format, for example {@code toolErrors}, shown after the common ones
 */
record ScanReport(
        String tool,
        String toolName,
        Instant scanTime,
        String timeSources,
        String incomplete,
        List<StatedArtifact> statedArtifacts,
        Map<String, String> moreFacts) {

    ScanReport {
        statedArtifacts = List.copyOf(statedArtifacts);
        moreFacts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(moreFacts));
    }

    Optional<Instant> time() {
        return Optional.ofNullable(scanTime);
    }

    Optional<String> incompleteness() {
        return Optional.ofNullable(incomplete);
    }
}
