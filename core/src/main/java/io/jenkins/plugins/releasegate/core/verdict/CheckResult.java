package io.jenkins.plugins.releasegate.core.verdict;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How one check ended for one artifact.
 *
 * @param check which check
 * @param status how it ended
 * @param code a stable code, see {@link Code}
 * @param evidence the evidence file used, as the report shows it, or {@code null} when there was none
 * @param detail one sentence for people
 * @param facts what the check learnt, for example the signer's subject; insertion ordered
 * @param findings scan findings, empty for other checks
 * @param exceptions the policy exceptions that applied, including expired ones that no longer waive anything
 */
public record CheckResult(
        Check check,
        Status status,
        Code code,
        String evidence,
        String detail,
        Map<String, String> facts,
        List<Finding> findings,
        List<ExceptionUse> exceptions) {

    public CheckResult {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(detail, "detail");
        facts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(facts));
        findings = List.copyOf(findings);
        exceptions = List.copyOf(exceptions);
    }

    public static CheckResult pass(Check check, Code code, String evidence, String detail, Map<String, String> facts) {
        return new CheckResult(check, Status.PASS, code, evidence, detail, facts, List.of(), List.of());
    }

    public static CheckResult fail(Check check, Code code, String evidence, String detail) {
        return new CheckResult(check, Status.FAIL, code, evidence, detail, Map.of(), List.of(), List.of());
    }

    public static CheckResult missing(Check check, Code code, String detail) {
        return new CheckResult(check, Status.MISSING, code, null, detail, Map.of(), List.of(), List.of());
    }

    public CheckResult withFacts(Map<String, String> moreFacts) {
        Map<String, String> merged = new LinkedHashMap<>(facts);
        merged.putAll(moreFacts);
        return new CheckResult(check, status, code, evidence, detail, merged, findings, exceptions);
    }

    public CheckResult withFindings(List<Finding> newFindings) {
        return new CheckResult(check, status, code, evidence, detail, facts, newFindings, exceptions);
    }

    public CheckResult withStatus(Status newStatus, String newDetail, List<ExceptionUse> newExceptions) {
        return new CheckResult(check, newStatus, code, evidence, newDetail, facts, findings, newExceptions);
    }
}
