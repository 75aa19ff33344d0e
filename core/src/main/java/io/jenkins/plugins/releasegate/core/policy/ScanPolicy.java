package io.jenkins.plugins.releasegate.core.policy;

import io.jenkins.plugins.releasegate.core.verdict.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the scan check demands.
 *
 * @param required whether an artifact without a scan report fails
 * @param formats the formats accepted
 * @param failOn the severity at and above which a finding fails the check; {@link Severity#NONE} lets no finding
 *     fail it, so only presence, validity and age count
 * @param maxAge how old a scan may be, if the policy limits it
 * @param evidence extra evidence name patterns, with {@code {artifact}} for the artifact's file name
 * @param requiredKinds the kinds of scan every artifact needs, each covered by a report of a tool of that kind
 * @param toolKinds the kind of each tool the gate does not know, by the tool name its reports give
 */
public record ScanPolicy(
        boolean required,
        Set<ScanFormat> formats,
        Severity failOn,
        Optional<Duration> maxAge,
        List<String> evidence,
        Set<ScanKind> requiredKinds,
        Map<String, ScanKind> toolKinds) {

    public ScanPolicy {
        formats = Set.copyOf(formats);
        evidence = List.copyOf(evidence);
        requiredKinds = Set.copyOf(requiredKinds);
        toolKinds = Map.copyOf(toolKinds);
    }

    /** A scan policy that demands no particular kinds of scan. */
    public ScanPolicy(
            boolean required,
            Set<ScanFormat> formats,
            Severity failOn,
            Optional<Duration> maxAge,
            List<String> evidence) {
        this(required, formats, failOn, maxAge, evidence, Set.of(), Map.of());
    }

    public static ScanPolicy defaults() {
        return new ScanPolicy(true, Set.of(ScanFormat.values()), Severity.HIGH, Optional.empty(), List.of());
    }
}
