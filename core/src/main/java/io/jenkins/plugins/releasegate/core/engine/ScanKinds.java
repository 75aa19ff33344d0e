package io.jenkins.plugins.releasegate.core.engine;

import io.jenkins.plugins.releasegate.core.policy.ScanKind;
import io.jenkins.plugins.releasegate.core.policy.ScanPolicy;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which kind of scan each tool performs, and whether the scans of one artifact cover every kind the policy requires.
 * The policy's {@code scan.toolKinds} names tools the gate does not know, and may re-map the ones it does.
 */
final class ScanKinds {

    /** The fact in which scan verifiers name the tool that wrote a report; several are separated by ", ". */
    static final String TOOL_NAME = "toolName";

    private static final Map<String, ScanKind> KNOWN = Map.ofEntries(
            Map.entry("trivy", ScanKind.SCA),
            Map.entry("grype", ScanKind.SCA),
            Map.entry("dependencycheck", ScanKind.SCA),
            Map.entry("osvscanner", ScanKind.SCA),
            Map.entry("snyk", ScanKind.SCA),
            Map.entry("npmaudit", ScanKind.SCA),
            Map.entry("codeql", ScanKind.SAST),
            Map.entry("semgrep", ScanKind.SAST),
            Map.entry("semgreposs", ScanKind.SAST),
            Map.entry("spotbugs", ScanKind.SAST),
            Map.entry("pmd", ScanKind.SAST),
            Map.entry("eslint", ScanKind.SAST),
            Map.entry("cppcheck", ScanKind.SAST),
            Map.entry("flawfinder", ScanKind.SAST),
            Map.entry("devskim", ScanKind.SAST),
            Map.entry("njsscan", ScanKind.SAST),
            Map.entry("bandit", ScanKind.SAST),
            Map.entry("gosec", ScanKind.SAST),
            Map.entry("sonarqube", ScanKind.SAST),
            Map.entry("gitleaks", ScanKind.SECRETS),
            Map.entry("trufflehog", ScanKind.SECRETS),
            Map.entry("detectsecrets", ScanKind.SECRETS),
            Map.entry("dockle", ScanKind.CONTAINER),
            Map.entry("hadolint", ScanKind.CONTAINER));

    private final Set<ScanKind> required;
    private final Map<String, ScanKind> overrides = new LinkedHashMap<>();

    ScanKinds(ScanPolicy policy) {
        this.required = policy.requiredKinds();
        policy.toolKinds().forEach((tool, kind) -> overrides.put(normalise(tool), kind));
    }

    /** The kind of a tool, by the name its report gives: the policy's mapping first, then the known tools. */
    Optional<ScanKind> kindOf(String toolName) {
        String key = normalise(toolName);
        return Optional.ofNullable(overrides.getOrDefault(key, KNOWN.get(key)));
    }

    /**
     * Fails a scan check that passed when its reports do not cover every required kind. The reports cover the kinds of
     * the tools that wrote them, whether or not they passed; a failed check stays as it is.
     */
    CheckResult requireKinds(CheckResult combined, List<CheckResult> reports, String artifactPath) {
        if (required.isEmpty()) {
            return combined;
        }
        Map<String, Optional<ScanKind>> tools = new LinkedHashMap<>();
        for (CheckResult report : reports) {
            String names = report.facts().get(TOOL_NAME);
            if (names != null) {
                for (String name : names.split(", ")) {
                    tools.putIfAbsent(name, kindOf(name));
                }
            }
        }
        Set<ScanKind> covered = EnumSet.noneOf(ScanKind.class);
        tools.values().forEach(kind -> kind.ifPresent(covered::add));
        Map<String, String> facts =
                Map.of("kinds", covered.stream().map(ScanKind::word).collect(Collectors.joining(", ")));
        Set<ScanKind> missing = EnumSet.noneOf(ScanKind.class);
        missing.addAll(required);
        missing.removeAll(covered);
        if (missing.isEmpty() || combined.status() != Status.PASS) {
            return combined.withFacts(facts);
        }
        String found = tools.isEmpty()
                ? "no report names its tool"
                : "found "
                        + tools.entrySet().stream()
                                .map(entry -> entry.getKey() + " ("
                                        + entry.getValue()
                                                .map(ScanKind::word)
                                                .orElse("unknown tool: map it in scan.toolKinds")
                                        + ")")
                                .collect(Collectors.joining(", "));
        String detail = artifactPath + " has no " + words(missing) + " scan, which the policy requires (scan"
                + ".requiredKinds: " + words(required) + "); " + found + ", so the scan check fails.";
        return CheckResult.fail(combined.check(), Code.SCAN_KIND_MISSING, combined.evidence(), detail)
                .withFacts(combined.facts())
                .withFacts(facts)
                .withFindings(combined.findings());
    }

    private static String words(Set<ScanKind> kinds) {
        return kinds.stream().map(ScanKind::word).sorted().collect(Collectors.joining(", "));
    }

    private static String normalise(String toolName) {
        return toolName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
