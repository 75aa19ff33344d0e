package io.jenkins.plugins.releasegate.core.scan;

import io.jenkins.plugins.releasegate.core.scan.SarifLog.RunSummary;
import io.jenkins.plugins.releasegate.core.scan.SarifResult.ComponentReference;
import io.jenkins.plugins.releasegate.core.verdict.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of a SARIF log while it is read: its tool and rules, which its results are weighed with, and what the run
 * says about its own execution.
 */
final class SarifRun {

    private static final String NO_RULE_ID = "(no rule id)";

    private final int index;
    private final FindingTally tally;
    private final StringPool strings;
    private final List<String> artifactUris = new ArrayList<>();
    private ToolComponent driver;
    private List<ToolComponent> extensions = List.of();
    private boolean resultsStated;
    private boolean resultsNull;
    private Instant latestTime;
    private boolean executionFailed;
    private String executionError;
    private int toolErrors;

    SarifRun(int index, FindingTally tally, StringPool strings) {
        this.index = index;
        this.tally = tally;
        this.strings = strings;
    }

    int index() {
        return index;
    }

    void tool(ToolComponent driver, List<ToolComponent> extensions) {
        this.driver = driver;
        this.extensions = List.copyOf(extensions);
    }

    boolean hasTool() {
        return driver != null;
    }

    void artifact(String uri) {
        artifactUris.add(uri);
    }

    /** Notes that the run has a {@code results} array, or has it as {@code null}. */
    void results(boolean present) {
        resultsStated = true;
        resultsNull = !present;
    }

    /**
     * Notes one invocation of the tool.
     *
     * @param time its end time, or else its start time, or {@code null}
     * @param successful its {@code executionSuccessful}, or {@code null} when absent
     * @param firstError the first error notification's text, or {@code null}
     * @param errors how many error notifications it has
     */
    void invocation(Instant time, Boolean successful, String firstError, int errors) {
        if (time != null && (latestTime == null || time.isAfter(latestTime))) {
            latestTime = time;
        }
        if (Boolean.FALSE.equals(successful) && !executionFailed) {
            executionFailed = true;
            executionError = firstError;
        }
        toolErrors += errors;
    }

    RunSummary finish() {
        return new RunSummary(driver.label(), driver.name(), latestTime, incompleteness(), toolErrors);
    }

    private String incompleteness() {
        String run = "run " + (index + 1) + " (" + driver.label() + ")";
        if (executionFailed) {
            String why = executionError == null ? "" : ": " + executionError;
            return "says that " + run + " did not finish successfully (executionSuccessful is false" + why
                    + ") and its results may be incomplete";
        }
        if (!resultsStated || resultsNull) {
            return "has no results array in " + run + ", which in SARIF means the tool did not finish";
        }
        return null;
    }

    /** Gives one result of the run its severity and counts it; the run's tool must be known. */
    void weigh(SarifResult result) throws MalformedReportException {
        RuleMatch match = findRule(result);
        SarifRule rule = match == null ? null : match.rule();
        String id = result.ruleId() != null ? result.ruleId() : result.referenceId();
        if (id == null && rule != null) {
            id = rule.id();
        }

        Basis basis;
        if (result.securitySeverity() != null) {
            basis = Basis.RESULT_SECURITY_SEVERITY;
        } else if (rule != null && rule.securitySeverity() != null) {
            basis = Basis.RULE_SECURITY_SEVERITY;
        } else if (result.level() != null) {
            basis = Basis.RESULT_LEVEL;
        } else if (result.kind() != SarifKind.FAIL) {
            // SARIF 2.1.0 (3.27.10): a result of any kind but fail that states no level has level none.
            basis = Basis.KIND;
        } else if (rule != null && rule.defaultLevel() != null) {
            basis = Basis.RULE_DEFAULT_LEVEL;
        } else {
            basis = Basis.SARIF_DEFAULT_LEVEL;
        }

        ResultDetails details = new ResultDetails(result, match, basis);
        tally.add(id == null ? NO_RULE_ID : id, details.severity(), result.suppression() != null, details);
    }

    private RuleMatch findRule(SarifResult result) throws MalformedReportException {
        if (result.ruleIndex() >= 0 && result.referenceIndex() >= 0 && result.ruleIndex() != result.referenceIndex()) {
            throw problem(
                    result,
                    "ruleIndex " + result.ruleIndex() + " and rule.index " + result.referenceIndex() + " differ");
        }
        if (result.ruleId() != null
                && result.referenceId() != null
                && !result.ruleId().equals(result.referenceId())) {
            throw problem(result, "ruleId " + result.ruleId() + " and rule.id " + result.referenceId() + " differ");
        }
        ToolComponent component = result.component() == null ? driver : component(result);
        int ruleIndex = Math.max(result.ruleIndex(), result.referenceIndex());
        String ruleId = result.ruleId() != null ? result.ruleId() : result.referenceId();

        if (ruleIndex >= 0) {
            if (ruleIndex >= component.ruleCount()) {
                throw problem(
                        result,
                        "the rule index " + ruleIndex + " points past the " + component.ruleCount() + " rules of "
                                + component.label());
            }
            SarifRule rule = component.rule(ruleIndex);
            if (ruleId != null && rule.id() != null && !namesRule(ruleId, rule.id())) {
                throw problem(
                        result,
                        "the result names rule " + ruleId + ", but its rule index " + ruleIndex + " points at rule "
                                + rule.id());
            }
            return match(rule, ruleIndex, component);
        }
        if (ruleId == null) {
            return null;
        }
        SarifRule rule = component.ruleById(ruleId);
        if (rule != null) {
            return match(rule, -1, component);
        }
        if (result.component() == null) {
            for (ToolComponent extension : extensions) {
                rule = extension.ruleById(ruleId);
                if (rule != null) {
                    return match(rule, -1, extension);
                }
            }
        }
        return null;
    }

    private ToolComponent component(SarifResult result) throws MalformedReportException {
        ComponentReference reference = result.component();
        if (reference.index() >= 0) {
            if (reference.index() >= extensions.size()) {
                throw problem(
                        result,
                        "rule.toolComponent.index " + reference.index() + " points past the " + extensions.size()
                                + " extensions of the tool");
            }
            return extensions.get(reference.index());
        }
        List<ToolComponent> components = new ArrayList<>(extensions);
        components.add(0, driver);
        for (ToolComponent component : components) {
            boolean sameGuid = reference.guid() != null && reference.guid().equalsIgnoreCase(component.guid());
            boolean sameName = reference.guid() == null
                    && reference.name() != null
                    && reference.name().equals(component.name());
            if (sameGuid || sameName) {
                return component;
            }
        }
        if (reference.guid() == null && reference.name() == null) {
            return driver;
        }
        String named = reference.guid() != null ? reference.guid() : reference.name();
        throw problem(result, "rule.toolComponent names " + named + ", which the run's tool does not have");
    }

    /** Whether a result's rule id names this rule, or, as a hierarchical id like {@code CA2101/1}, a sub-rule of it. */
    private static boolean namesRule(String resultRuleId, String ruleId) {
        return resultRuleId.equals(ruleId) || resultRuleId.startsWith(ruleId + "/");
    }

    private MalformedReportException problem(SarifResult result, String what) {
        return new MalformedReportException(
                "/runs/" + index + "/results/" + result.position() + ": " + what + " (line " + result.line() + ")");
    }

    private RuleMatch match(SarifRule rule, int ruleIndex, ToolComponent component) {
        return new RuleMatch(rule, ruleIndex, component == driver ? null : component);
    }

    /**
     * The rule a result refers to.
     *
     * @param index its index, or -1 when found by id
     * @param extension the extension that holds it, or {@code null} for the driver
     */
    private record RuleMatch(SarifRule rule, int index, ToolComponent extension) {

        String label() {
            String label = rule.id() != null ? "rule " + rule.id() : "rule #" + index;
            if (extension == null) {
                return label;
            }
            return label + " of " + (extension.name() == null ? "an unnamed extension" : extension.name());
        }
    }

    /** Which property decided a finding's severity. */
    private enum Basis {
        RESULT_SECURITY_SEVERITY,
        RULE_SECURITY_SEVERITY,
        RESULT_LEVEL,
        KIND,
        RULE_DEFAULT_LEVEL,
        SARIF_DEFAULT_LEVEL
    }

    /** A result with the rule and the property that decide its severity; its texts are made only when listed. */
    private final class ResultDetails implements FindingTally.FindingDetails {

        private final SarifResult result;
        private final RuleMatch match;
        private final Basis basis;

        ResultDetails(SarifResult result, RuleMatch match, Basis basis) {
            this.result = result;
            this.match = match;
            this.basis = basis;
        }

        Severity severity() {
            return switch (basis) {
                case RESULT_SECURITY_SEVERITY -> result.securitySeverity().severity();
                case RULE_SECURITY_SEVERITY -> match.rule().securitySeverity().severity();
                case RESULT_LEVEL -> result.level().severity();
                case KIND -> Severity.NONE;
                case RULE_DEFAULT_LEVEL -> match.rule().defaultLevel().severity();
                case SARIF_DEFAULT_LEVEL -> SarifLevel.WARNING.severity();
            };
        }

        @Override
        public String severitySource() {
            String source = switch (basis) {
                case RESULT_SECURITY_SEVERITY ->
                    "security-severity " + result.securitySeverity().text() + " on the result";
                case RULE_SECURITY_SEVERITY ->
                    "security-severity " + match.rule().securitySeverity().text() + " on " + match.label();
                case RESULT_LEVEL -> "level " + result.level().word() + " on the result";
                case KIND ->
                    "level none, which SARIF implies for kind " + result.kind().word();
                case RULE_DEFAULT_LEVEL ->
                    "default level " + match.rule().defaultLevel().word() + " of " + match.label();
                case SARIF_DEFAULT_LEVEL -> "SARIF default level warning";
            };
            return strings.share(source);
        }

        @Override
        public String message() {
            String text = result.message();
            if (text == null && match != null) {
                text = match.rule().description();
            }
            if (result.suppression() == null) {
                return text;
            }
            String note = "suppressed " + result.suppression() + " by the scanner, which does not waive it";
            return text == null ? "(" + note + ")" : text + " (" + note + ")";
        }

        @Override
        public String location() {
            String uri = result.uri();
            if (uri == null && result.artifactIndex() >= 0 && result.artifactIndex() < artifactUris.size()) {
                uri = artifactUris.get(result.artifactIndex());
            }
            if (uri == null) {
                return result.logicalLocation();
            }
            return result.startLine() > 0 ? uri + ":" + result.startLine() : uri;
        }
    }
}
