package io.jenkins.plugins.releasegate.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.core.policy.ScanFormat;
import io.jenkins.plugins.releasegate.core.policy.ScanKind;
import io.jenkins.plugins.releasegate.core.policy.ScanPolicy;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.Severity;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScanKindsTest {

    @Test
    void knowsCommonToolsWhateverTheirSpelling() {
        ScanKinds kinds = new ScanKinds(policy(Set.of(), Map.of()));

        assertThat(kinds.kindOf("Trivy")).contains(ScanKind.SCA);
        assertThat(kinds.kindOf("dependency-check")).contains(ScanKind.SCA);
        assertThat(kinds.kindOf("CodeQL")).contains(ScanKind.SAST);
        assertThat(kinds.kindOf("Gitleaks")).contains(ScanKind.SECRETS);
        assertThat(kinds.kindOf("In-house Scanner")).isEmpty();
    }

    @Test
    void letsThePolicyNameUnknownToolsAndRemapKnownOnes() {
        ScanKinds kinds = new ScanKinds(
                policy(Set.of(), Map.of("In-house Scanner", ScanKind.SECRETS, "Trivy", ScanKind.CONTAINER)));

        assertThat(kinds.kindOf("in-house scanner")).contains(ScanKind.SECRETS);
        assertThat(kinds.kindOf("Trivy")).contains(ScanKind.CONTAINER);
    }

    @Test
    void passesWhenTheReportsCoverEveryRequiredKind() {
        ScanKinds kinds = new ScanKinds(policy(Set.of(ScanKind.SCA, ScanKind.SAST), Map.of()));
        List<CheckResult> reports = List.of(passed("Trivy"), passed("CodeQL, Gitleaks"));

        CheckResult result = kinds.requireKinds(reports.get(0), reports, "app.jar");

        assertThat(result.status()).isEqualTo(Status.PASS);
        assertThat(result.facts()).containsEntry("kinds", "sca, sast, secrets");
    }

    @Test
    void failsAPassingCheckWhenAKindIsNotCoveredAndSaysWhatWasFound() {
        ScanKinds kinds = new ScanKinds(policy(Set.of(ScanKind.SCA, ScanKind.SECRETS), Map.of()));
        List<CheckResult> reports = List.of(passed("Trivy"), passed("Acme Scanner"));

        CheckResult result = kinds.requireKinds(reports.get(0), reports, "app.jar");

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.code()).isEqualTo(Code.SCAN_KIND_MISSING);
        assertThat(result.detail())
                .isEqualTo("app.jar has no secrets scan, which the policy requires (scan.requiredKinds: sca, secrets);"
                        + " found Trivy (sca), Acme Scanner (unknown tool: map it in scan.toolKinds), so the scan"
                        + " check fails.");
    }

    @Test
    void leavesAFailedCheckAsItIs() {
        ScanKinds kinds = new ScanKinds(policy(Set.of(ScanKind.SECRETS), Map.of()));
        CheckResult failed = CheckResult.fail(Check.SCAN, Code.SCAN_TOO_OLD, "a.sarif", "Too old.")
                .withFacts(Map.of(ScanKinds.TOOL_NAME, "Trivy"));

        assertThat(kinds.requireKinds(failed, List.of(failed), "app.jar").code())
                .isEqualTo(Code.SCAN_TOO_OLD);
    }

    @Test
    void demandsNothingWithoutRequiredKinds() {
        ScanKinds kinds = new ScanKinds(policy(Set.of(), Map.of()));
        CheckResult report = passed("Acme Scanner");

        assertThat(kinds.requireKinds(report, List.of(report), "app.jar")).isEqualTo(report);
    }

    private static CheckResult passed(String toolNames) {
        return CheckResult.pass(
                Check.SCAN, Code.SCAN_PASSED, "a.sarif", "Passed.", Map.of(ScanKinds.TOOL_NAME, toolNames));
    }

    private static ScanPolicy policy(Set<ScanKind> required, Map<String, ScanKind> toolKinds) {
        return new ScanPolicy(
                true, Set.of(ScanFormat.values()), Severity.HIGH, Optional.empty(), List.of(), required, toolKinds);
    }
}
