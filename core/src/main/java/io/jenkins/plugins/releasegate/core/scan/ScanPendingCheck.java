package io.jenkins.plugins.releasegate.core.scan;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactDigests;
import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.PendingCheck;
import io.jenkins.plugins.releasegate.core.policy.ScanPolicy;
import io.jenkins.plugins.releasegate.core.scan.FindingTally.Summary;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.Severity;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A scan report of any format that has been read and weighed, waiting only for the artifact's digests. The checks run
 * in the order a reader would ask them: is the report about this artifact, is it a complete scan, is it recent enough,
 * and does any finding fail the policy. The first that fails decides.
 */
final class ScanPendingCheck implements PendingCheck {

    private final EvidenceFile evidence;
    private final String artifactName;
    private final ScanPolicy policy;
    private final Clock clock;
    private final ScanReport report;
    private final Summary findings;
    private final DigestBinding binding;

    ScanPendingCheck(
            EvidenceFile evidence,
            String artifactName,
            ScanPolicy policy,
            Clock clock,
            ScanReport report,
            Summary findings) {
        this.evidence = evidence;
        this.artifactName = artifactName;
        this.policy = policy;
        this.clock = clock;
        this.report = report;
        this.findings = findings;
        this.binding = new DigestBinding(report.statedArtifacts());
    }

    @Override
    public Set<DigestAlgorithm> digestsNeeded() {
        return binding.digestsNeeded();
    }

    @Override
    public CheckResult complete(ArtifactDigests digests) {
        try {
            return decide(digests);
        } catch (RuntimeException e) {
            return ScanReportFile.internalError(evidence, e);
        }
    }

    private CheckResult decide(ArtifactDigests digests) {
        String name = evidence.displayPath();
        DigestBinding.Outcome bound = binding.verify(digests, name, artifactName);
        Map<String, String> facts = facts(bound);
        if (bound.failed()) {
            return result(Status.FAIL, bound.code(), bound.detail(), facts);
        }

        Optional<String> incomplete = report.incompleteness();
        if (incomplete.isPresent()) {
            return result(
                    Status.FAIL,
                    Code.SCAN_INCOMPLETE,
                    name + " " + incomplete.get() + ", so the scan check fails.",
                    facts);
        }

        Optional<CheckResult> tooOld = ageFailure(name, facts);
        if (tooOld.isPresent()) {
            return tooOld.get();
        }

        if (findings.failing() > 0) {
            return result(Status.FAIL, Code.SCAN_FINDINGS_OVER_THRESHOLD, overThreshold(name), facts);
        }
        return result(Status.PASS, Code.SCAN_PASSED, passed(name), facts);
    }

    /** Holds the scan's time to the policy's maximum age, if the policy sets one. */
    private Optional<CheckResult> ageFailure(String name, Map<String, String> facts) {
        if (policy.maxAge().isEmpty()) {
            return Optional.empty();
        }
        Duration maxAge = policy.maxAge().get();
        Optional<Instant> scanTime = report.time();
        if (scanTime.isEmpty()) {
            String detail = name + " does not say when the scan ran (" + report.timeSources() + "),"
                    + " so its age cannot be held to the " + readable(maxAge)
                    + " the policy allows and the scan check fails.";
            return Optional.of(result(Status.FAIL, Code.SCAN_TIME_UNKNOWN, detail, facts));
        }
        Duration age = Duration.between(scanTime.get(), clock.instant());
        if (age.compareTo(maxAge) <= 0) {
            return Optional.empty();
        }
        String detail = name + " is a scan from " + scanTime.get() + ", " + readable(age) + " ago, older than the "
                + readable(maxAge) + " the policy allows, so the scan check fails.";
        return Optional.of(result(Status.FAIL, Code.SCAN_TOO_OLD, detail, facts));
    }

    private CheckResult result(Status status, Code code, String detail, Map<String, String> facts) {
        return new CheckResult(
                Check.SCAN,
                status,
                code,
                evidence.displayPath(),
                detail,
                facts,
                findings.findings(),
                findings.exceptions());
    }

    private Map<String, String> facts(DigestBinding.Outcome bound) {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("tool", report.tool());
        facts.put("toolName", report.toolName());
        facts.put("findings", String.valueOf(findings.total()));
        for (Severity severity : descending()) {
            facts.put(severity.id(), String.valueOf(findings.count(severity)));
        }
        facts.put("waivedFindings", String.valueOf(findings.waived()));
        if (findings.suppressed() > 0) {
            facts.put("suppressedByScanner", String.valueOf(findings.suppressed()));
        }
        if (findings.findings().size() < findings.total()) {
            facts.put("findingsListed", String.valueOf(findings.findings().size()));
        }
        report.time().ifPresent(time -> facts.put("scanTime", time.toString()));
        if (bound.boundBy() != null) {
            facts.put("boundBy", bound.boundBy());
        }
        facts.putAll(report.moreFacts());
        return facts;
    }

    /** For example {@code app.jar.sarif has 2 findings at or above high (1 critical, 1 high): CVE-1, CVE-2, so...}. */
    private String overThreshold(String name) {
        int failing = findings.failing();
        String breakdown = breakdown(findings.failingCounts());
        String ids = String.join(", ", findings.failingNamed()) + (findings.moreFailing() ? " and more" : "");
        String waived = findings.waived() == 0 ? "" : " that no exception waives";
        return name + " has " + count(failing, "finding") + " at or above "
                + policy.failOn().id() + " (" + breakdown + ")" + waived + ": " + ids + ", so the scan check fails.";
    }

    private String passed(String name) {
        String tool = report.tool();
        String report = name + (tool.isEmpty() ? "" : " (" + tool + ")");
        if (findings.total() == 0) {
            return report + " reports no findings.";
        }
        String found =
                report + " reports " + count(findings.total(), "finding") + " (" + breakdown(findings.counts()) + ")";
        String waived = findings.waived() == 0 ? "" : ", " + findings.waived() + " of them waived by " + waivers();
        if (policy.failOn() == Severity.NONE) {
            return found + waived + "; the policy lets no finding fail the scan check.";
        }
        String unwaived = findings.waived() == 0 ? "" : " that is not waived";
        return found + waived + "; none at or above " + policy.failOn().id() + unwaived + ".";
    }

    /** Names the exceptions in force that waived findings, for example {@code exception EX-1 (until 2027-01-31)}. */
    private String waivers() {
        List<String> names = findings.exceptions().stream()
                .filter(use -> !use.expired())
                .map(use -> use.id() + " (owner " + use.owner() + ", until " + use.expires() + ")")
                .toList();
        return (names.size() == 1 ? "exception " : "exceptions ") + String.join(", ", names);
    }

    private static String breakdown(Map<Severity, Integer> counts) {
        List<String> parts = new ArrayList<>();
        for (Severity severity : descending()) {
            int n = counts.getOrDefault(severity, 0);
            if (n > 0) {
                parts.add(n + " " + severity.id());
            }
        }
        return String.join(", ", parts);
    }

    private static List<Severity> descending() {
        List<Severity> severities = new ArrayList<>(List.of(Severity.values()));
        Collections.reverse(severities);
        return severities;
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** A duration as people say it: whole days, else hours, else minutes, else seconds. */
    static String readable(Duration duration) {
        if (duration.toDays() >= 2 || (duration.toDays() == 1 && duration.toHoursPart() == 0)) {
            return count(duration.toDays(), "day");
        }
        if (duration.toHours() >= 2 || (duration.toHours() == 1 && duration.toMinutesPart() == 0)) {
            return count(duration.toHours(), "hour");
        }
        if (duration.toMinutes() >= 1) {
            return count(duration.toMinutes(), "minute");
        }
        return count(Math.max(0, duration.toSeconds()), "second");
    }
}
