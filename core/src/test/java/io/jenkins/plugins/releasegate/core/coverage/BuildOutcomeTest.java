package io.jenkins.plugins.releasegate.core.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class BuildOutcomeTest {

    private static final String SHA = "12".repeat(32);

    @Test
    void aBuildWithoutGateRunsIsNotGated() {
        assertThat(BuildOutcome.of(List.of())).isEqualTo(BuildOutcome.NOT_GATED);
        assertThat(BuildOutcome.NOT_GATED.ranTheGate()).isFalse();
    }

    @Test
    void anyFailedEnforcedRunFailsTheBuild() {
        assertThat(BuildOutcome.of(List.of(Reports.passed("a.jar", SHA), Reports.failed("b.jar", SHA))))
                .isEqualTo(BuildOutcome.FAILED);
    }

    @Test
    void aPassThatNeededAnExceptionIsWaivedAndNamesIt() {
        List<io.jenkins.plugins.releasegate.core.verdict.GateReport> reports =
                List.of(Reports.passed("a.jar", SHA), Reports.waived("legacy.jar", SHA));

        assertThat(BuildOutcome.of(reports)).isEqualTo(BuildOutcome.WAIVED);
        assertThat(BuildOutcome.exceptionsUsed(reports)).containsExactly(Reports.EX_1);
    }

    @Test
    void auditRunsAloneDecideNothingEvenWhenTheyFail() {
        assertThat(BuildOutcome.of(List.of(Reports.audited("a.jar", SHA, false))))
                .isEqualTo(BuildOutcome.AUDIT_ONLY);
        assertThat(BuildOutcome.of(List.of(Reports.audited("a.jar", SHA, false), Reports.passed("a.jar", SHA))))
                .isEqualTo(BuildOutcome.PASSED);
        assertThat(BuildOutcome.AUDIT_ONLY.ranTheGate()).isTrue();
    }

    @Test
    void aBuildThatArchivedWithoutAnyVerdictIsUngated() {
        Instant finished = Instant.parse("2026-12-01T10:00:00Z");

        assertThat(BuildRecord.of("app", 7, finished, true, List.of()).ungated())
                .isTrue();
        assertThat(BuildRecord.of("app", 7, finished, false, List.of()).ungated())
                .isFalse();
        assertThat(BuildRecord.of("app", 7, finished, true, List.of(Reports.audited("a.jar", SHA, true)))
                        .ungated())
                .isFalse();
    }
}
