package io.jenkins.plugins.releasegate.core.scan;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What the gate keeps of a SARIF log once it is read, apart from the findings, which a {@link FindingTally} weighs as
 * they stream by.
 *
 * @param runs one summary per run
 * @param statedArtifacts the run artifacts that name the gated artifact and state its digests
 */
record SarifLog(List<RunSummary> runs, List<StatedArtifact> statedArtifacts) {

    SarifLog {
        runs = List.copyOf(runs);
        statedArtifacts = List.copyOf(statedArtifacts);
    }

    /** The latest time any run states, which is when the scan ended as far as the log tells. */
    Optional<Instant> scanTime() {
        return runs.stream().map(RunSummary::time).filter(Objects::nonNull).max(Instant::compareTo);
    }

    /** The log as a scan report: its tool is the first run's driver, as a policy's required scan kinds see it. */
    ScanReport report() {
        String tools = runs.stream().map(RunSummary::tool).distinct().collect(Collectors.joining(", "));
        String toolName =
                runs.isEmpty() ? "" : Objects.requireNonNullElse(runs.get(0).toolName(), "");
        int toolErrors = runs.stream().mapToInt(RunSummary::toolErrors).sum();
        Map<String, String> moreFacts = toolErrors > 0 ? Map.of("toolErrors", String.valueOf(toolErrors)) : Map.of();
        return new ScanReport(
                tools,
                toolName,
                scanTime().orElse(null),
                "no invocation has an endTimeUtc or startTimeUtc",
                incompleteness().orElse(null),
                statedArtifacts,
                moreFacts);
    }

    /** Why the log cannot count as a complete scan, as the rest of a sentence, or empty when it can. */
    Optional<String> incompleteness() {
        if (runs.isEmpty()) {
            return Optional.of("holds no run at all");
        }
        return runs.stream()
                .map(RunSummary::incomplete)
                .filter(Objects::nonNull)
                .findFirst();
    }

    /**
     * One run of the log.
     *
     * @param tool the driver's name and version
     * @param toolName the driver's name, or {@code null} when it has none
     * @param time the latest end (or else start) time of its invocations, or {@code null}
     * @param incomplete why the run does not count as a finished scan, or {@code null}
     * @param toolErrors how many error notifications the tool wrote about its own execution or configuration
     */
    record RunSummary(String tool, String toolName, Instant time, String incomplete, int toolErrors) {}
}
