package io.jenkins.plugins.releasegate.core.scan;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
     * @param time the latest end (or else start) time of its invocations, or {@code null}
     * @param incomplete why the run does not count as a finished scan, or {@code null}
     * @param toolErrors how many error notifications the tool wrote about its own execution or configuration
     */
    record RunSummary(String tool, Instant time, String incomplete, int toolErrors) {}
}
