package io.jenkins.plugins.releasegate.core.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.releasegate.core.coverage.Coverage.JobRow;
import io.jenkins.plugins.releasegate.core.policy.ExceptionStanding;
import io.jenkins.plugins.releasegate.core.policy.PolicyExceptionRule;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoverageTest {

    private static final Instant NOW = Instant.parse("2027-01-20T12:00:00Z");
    private static final String SHA = "5c".repeat(32);
    private static final PolicyExceptionRule EX_1 = new PolicyExceptionRule(
            "EX-1",
            "legacy-*.jar",
            "signature",
            "Vendor jar",
            "platform-security@example.com",
            "SEC-1",
            LocalDate.of(2027, 1, 31));
    private static final PolicyExceptionRule EX_OLD = new PolicyExceptionRule(
            "EX-OLD", "**", "finding:CVE-2020-1", "Old", "team@example.com", null, LocalDate.of(2027, 1, 1));

    @Test
    void countsJobsThatRanTheGateInEachWindow() {
        JobRow gatedRecently = job("gated", build("gated", 3, days(2), true, Reports.passed("a.jar", SHA)));
        JobRow auditOnly = job("audit", build("audit", 1, days(1), false, Reports.audited("a.jar", SHA, false)));
        JobRow gatedLongAgo = job(
                "older",
                build("older", 2, days(3), true),
                build("older", 1, days(20), true, Reports.passed("a.jar", SHA)));
        JobRow idle = job("idle");

        Coverage coverage = Coverage.of(
                List.of(gatedRecently, auditOnly, gatedLongAgo, idle), List.of(), new ExceptionUsage(), NOW);

        assertThat(coverage.jobs7()).isEqualTo(new Coverage.Share(2, 3));
        assertThat(coverage.jobs30()).isEqualTo(new Coverage.Share(3, 3));
        assertThat(coverage.archiving7()).isEqualTo(new Coverage.Share(1, 2));
        assertThat(coverage.archiving30()).isEqualTo(new Coverage.Share(2, 3));
        assertThat(coverage.archiving7().describe()).isEqualTo("1 of 2 (50%)");
        assertThat(new Coverage.Share(0, 0).describe()).isEqualTo("none in this period");
        assertThat(coverage.ungated()).extracting(JobRow::name).containsExactly("older");
        assertThat(coverage.jobs())
                .extracting(JobRow::outcome)
                .containsExactly(
                        BuildOutcome.AUDIT_ONLY, BuildOutcome.PASSED, BuildOutcome.NOT_GATED, BuildOutcome.NOT_GATED);
    }

    @Test
    void pagesFiveThousandJobsInAStableOrder() {
        List<JobRow> jobs = new ArrayList<>();
        for (int i = 5000; i >= 1; i--) {
            String name = "team/job-%04d".formatted(i);
            jobs.add(job(name, build(name, 1, days(1), i % 2 == 0, Reports.passed("a.jar", SHA))));
        }

        Coverage coverage = Coverage.of(jobs, List.of(), new ExceptionUsage(), NOW);

        assertThat(coverage.pages(100)).isEqualTo(50);
        assertThat(coverage.page(1, 100))
                .hasSize(100)
                .first()
                .extracting(JobRow::name)
                .isEqualTo("team/job-0001");
        assertThat(coverage.page(50, 100)).last().extracting(JobRow::name).isEqualTo("team/job-5000");
        assertThat(coverage.page(51, 100)).isEmpty();
        assertThat(coverage.page(0, 100)).first().extracting(JobRow::name).isEqualTo("team/job-0001");
        assertThat(coverage.archiving30()).isEqualTo(new Coverage.Share(2500, 2500));
    }

    @Test
    void flagsExceptionsEndingSoonAndExpiredWithTheirUse() {
        ExceptionUsage usage = new ExceptionUsage();
        usage.record(build("legacy", 4, days(1), true, Reports.waived("legacy-1.jar", SHA)));

        Coverage coverage = Coverage.of(List.of(), List.of(EX_1, EX_OLD), usage, NOW);

        assertThat(coverage.exceptions())
                .extracting(row -> row.standing().state())
                .containsExactly(ExceptionStanding.State.ENDING_SOON, ExceptionStanding.State.EXPIRED);
        assertThat(coverage.exceptions().get(0).standing().daysLeft()).isEqualTo(12);
        assertThat(coverage.exceptions().get(0).usage()).hasValueSatisfying(use -> {
            assertThat(use.builds()).isEqualTo(1);
            assertThat(use.jobs()).containsExactly("legacy");
        });
        assertThat(coverage.exceptions().get(1).usage()).isEmpty();
    }

    @Test
    void writesTheSameDataAsJsonForDashboards() throws Exception {
        ExceptionUsage usage = new ExceptionUsage();
        BuildRecord waived = build("legacy", 4, days(1), true, Reports.waived("legacy-1.jar", SHA));
        usage.record(waived);

        JsonNode json = new ObjectMapper()
                .readTree(Coverage.of(List.of(job("legacy", waived), job("<b>odd</b>")), List.of(EX_1), usage, NOW)
                        .toJson());

        assertThat(json.path("schema").asText()).isEqualTo("release-gate/coverage/v1");
        assertThat(json.path("shares").path("jobs7d").path("percent").asInt()).isEqualTo(100);
        assertThat(json.path("jobs").get(0).path("name").asText()).isEqualTo("<b>odd</b>");
        assertThat(json.path("jobs").get(1).path("outcome").asText()).isEqualTo("waived");
        assertThat(json.path("jobs").get(1).path("exceptions").get(0).asText()).isEqualTo("EX-1");
        assertThat(json.path("exceptions").get(0).path("state").asText()).isEqualTo("ending-soon");
        assertThat(json.path("exceptions").get(0).path("builds").asInt()).isEqualTo(1);
    }

    private static JobRow job(String name, BuildRecord... builds) {
        List<BuildRecord> recent = List.of(builds);
        return new JobRow(name, "job/" + name + "/", recent.stream().findFirst(), recent);
    }

    private static BuildRecord build(
            String job,
            int number,
            Instant finished,
            boolean archived,
            io.jenkins.plugins.releasegate.core.verdict.GateReport... reports) {
        return BuildRecord.of(job, number, finished, archived, List.of(reports));
    }

    private static Instant days(int ago) {
        return NOW.minus(Duration.ofDays(ago));
    }
}
