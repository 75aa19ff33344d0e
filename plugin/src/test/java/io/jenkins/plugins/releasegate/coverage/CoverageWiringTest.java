package io.jenkins.plugins.releasegate.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.model.Job;
import hudson.model.ModelObject;
import hudson.model.Run;
import io.jenkins.plugins.releasegate.JenkinsStandIns;
import io.jenkins.plugins.releasegate.SampleReports;
import io.jenkins.plugins.releasegate.actions.GateReportAction;
import io.jenkins.plugins.releasegate.config.ReleaseGateConfiguration;
import io.jenkins.plugins.releasegate.core.coverage.BuildOutcome;
import io.jenkins.plugins.releasegate.core.coverage.Coverage;
import io.jenkins.plugins.releasegate.core.coverage.ExceptionUsage;
import io.jenkins.plugins.releasegate.core.policy.PolicySettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

class CoverageWiringTest {

    private static final Instant NOW = Instant.parse("2027-01-20T12:00:00Z");

    @TempDir
    Path home;

    @Test
    void jenkinsRoutingReachesEveryPageOfTheView() throws Exception {
        // Jenkins routes a getter's URL only to a type it deems web-facing; a model object is one.
        assertThat(ModelObject.class)
                .isAssignableFrom(
                        CoverageAction.class.getMethod("getPage", int.class).getReturnType());
        assertThat(new CoveragePage(Coverage.of(List.of(), List.of(), new ExceptionUsage(), NOW), 1, 100, null)
                        .getDisplayName())
                .isEqualTo("Release Gate coverage, page 1 of 1");
    }

    @Test
    @SuppressWarnings("rawtypes")
    void aRowHoldsTheLastBuildAndTheBuildsOfTheLastThirtyDays() {
        Run last = Builds.build(NOW, 1, true, SampleReports.allPass(false));
        Run ungated = Builds.build(NOW, 10, true);
        Run old = Builds.build(NOW, 40, true, SampleReports.mixed(false));
        Job job = Builds.job("row-app", List.of(last, ungated, old));

        Coverage.JobRow row = BuildRecords.row(job, NOW);

        assertThat(row.name()).isEqualTo("row-app");
        assertThat(row.url()).isEqualTo("job/row-app/");
        assertThat(row.outcome()).isEqualTo(BuildOutcome.WAIVED);
        assertThat(row.lastBuild().orElseThrow().number()).isEqualTo(3);
        assertThat(row.recent())
                .extracting(build -> build.outcome())
                .containsExactly(BuildOutcome.WAIVED, BuildOutcome.NOT_GATED);
    }

    @Test
    @SuppressWarnings("rawtypes")
    void aBusyJobCountsOnlyItsNewestBuilds() {
        List<Run> builds = new ArrayList<>();
        for (int day = 0; day < 5; day++) {
            builds.add(Builds.build(NOW, day, true));
        }
        Job job = Builds.job("busy-app", builds);

        Coverage.JobRow row = BuildRecords.row(job, NOW, 3);

        assertThat(row.recent()).extracting(build -> build.number()).containsExactly(5, 4, 3);
    }

    @Test
    @SuppressWarnings("rawtypes")
    void aStoredReportThatNoLongerReadsCountsAsAFailedRun() {
        Run run = Builds.build(NOW, 1, true);
        when(run.getActions(GateReportAction.class)).thenReturn(List.of(new GateReportAction("{not json", 1)));
        Job job = Builds.job("unreadable-app", List.of(run));

        assertThat(BuildRecords.row(job, NOW).outcome()).isEqualTo(BuildOutcome.FAILED);
    }

    @Test
    @SuppressWarnings({"rawtypes", "unchecked"})
    void theCoverageCountsTheJobsTheUserMaySee() {
        List<Job> jobs = new ArrayList<>();
        jobs.add(Builds.job("seen-gated", List.of(Builds.build(Instant.now(), 1, true, SampleReports.allPass(false)))));
        jobs.add(Builds.job("seen-ungated", List.of(Builds.build(Instant.now(), 2, true))));
        jobs.add(Builds.job("seen-never-built", List.of()));
        ReleaseGateConfiguration configuration = new ReleaseGateConfiguration();

        try (JenkinsStandIns jenkins = JenkinsStandIns.administrator(home.toFile(), configuration)) {
            when(jenkins.jenkins.allItems(Job.class)).thenReturn((Iterable) jobs);

            Coverage coverage = CoverageAction.coverage();

            assertThat(coverage.jobs())
                    .extracting(Coverage.JobRow::name)
                    .containsExactly("seen-gated", "seen-never-built", "seen-ungated");
            assertThat(coverage.jobs7().describe()).isEqualTo("1 of 2 (50%)");
            assertThat(coverage.archiving7().describe()).isEqualTo("1 of 2 (50%)");
            assertThat(coverage.ungated()).extracting(Coverage.JobRow::name).containsExactly("seen-ungated");
            assertThat(coverage.toJson()).contains("\"name\" : \"seen-ungated\"", "\"outcome\" : \"not-gated\"");
        }
    }

    @Test
    @SuppressWarnings({"rawtypes", "unchecked"})
    void servesTheCoverageAsJsonForDashboards() throws Exception {
        List<Job> jobs = List.of(Builds.job("json-app", List.of(Builds.build(Instant.now(), 1, true))));
        StringWriter body = new StringWriter();
        StaplerResponse2 response = mock(StaplerResponse2.class);
        when(response.getWriter()).thenReturn(new PrintWriter(body));

        try (JenkinsStandIns jenkins = JenkinsStandIns.administrator(home.toFile(), new ReleaseGateConfiguration())) {
            when(jenkins.jenkins.allItems(Job.class)).thenReturn((Iterable) jobs);
            new CoverageAction().doJson(mock(StaplerRequest2.class), response);
        }

        verify(response).setContentType("application/json;charset=UTF-8");
        JsonNode json = new ObjectMapper().readTree(body.toString());
        assertThat(json.path("schema").asText()).isEqualTo(Coverage.SCHEMA);
        assertThat(json.at("/jobs/0/name").asText()).isEqualTo("json-app");
        assertThat(json.at("/jobs/0/ungated").asBoolean()).isTrue();
        assertThat(json.at("/shares/archivingBuilds7d/of").asInt()).isEqualTo(1);
    }

    @Test
    @SuppressWarnings("rawtypes")
    void aCompletedBuildCountsItsExceptionsInTheLedgerInTheJenkinsHome() throws Exception {
        Run run = Builds.build(Instant.now(), 0, true, SampleReports.allPass(false));
        Builds.job("ledger-app", List.of(run));
        ReleaseGateConfiguration configuration = new ReleaseGateConfiguration();

        try (JenkinsStandIns jenkins = JenkinsStandIns.administrator(home.toFile(), configuration)) {
            new GateRunListener().onCompleted(run, JenkinsStandIns.console(new ByteArrayOutputStream()));
        }

        ExceptionUsage usage = ExceptionUsage.readFrom(home.resolve(ExceptionLedger.FILE_NAME));
        assertThat(usage.of("EX-1")).hasValueSatisfying(use -> {
            assertThat(use.builds()).isEqualTo(1);
            assertThat(use.jobs()).containsExactly("ledger-app");
        });
    }

    @Test
    void anUnreadableLedgerIsMovedAsideAndANewOneStarts() throws Exception {
        Path file = home.resolve(ExceptionLedger.FILE_NAME);
        Files.writeString(file, "{\"schema\":\"something else\"}");

        ExceptionLedger ledger = new ExceptionLedger(file);

        assertThat(ledger.usage().of("EX-1")).isEmpty();
        assertThat(home.resolve(ExceptionLedger.FILE_NAME + ".unreadable"))
                .hasContent("{\"schema\":\"something else\"}");
    }

    @Test
    void thePageShowsItsRowsAHundredAtATimeAndFlagsExceptionsEndingSoon() throws Exception {
        List<Coverage.JobRow> rows = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            rows.add(new Coverage.JobRow(
                    String.format("job-%03d", i), "job/job-" + i + "/", Optional.empty(), List.of()));
        }
        PolicySettings.ExceptionSettings soon = new PolicySettings.ExceptionSettings(
                "EX-2",
                "scan",
                "",
                "Scanner outage",
                "team@example.com",
                "",
                LocalDate.ofInstant(NOW, ZoneOffset.UTC).plusDays(3).toString());
        PolicySettings withException = PolicySettings.defaults().withExceptions(List.of(soon));
        Coverage coverage = Coverage.of(rows, withException.toPolicy().exceptions(), new ExceptionUsage(), NOW);

        CoveragePage third = new CoveragePage(coverage, 3, CoverageAction.PAGE_SIZE, null);
        CoveragePage beyond = new CoveragePage(coverage, 9, CoverageAction.PAGE_SIZE, null);
        CoveragePage first = new CoveragePage(coverage, 1, CoverageAction.PAGE_SIZE, null);

        assertThat(third.getPages()).isEqualTo(3);
        assertThat(third.getRows())
                .hasSize(50)
                .first()
                .extracting(CoveragePage.Row::getName)
                .isEqualTo("job-200");
        assertThat(third.isLast()).isTrue();
        assertThat(beyond.getNumber()).isEqualTo(3);
        assertThat(first.isFirst()).isTrue();
        assertThat(first.getRows()).hasSize(100).allSatisfy(row -> {
            assertThat(row.getOutcome()).isEqualTo("not gated");
            assertThat(row.getBuild()).isEmpty();
        });
        assertThat(first.getExceptions()).singleElement().satisfies(exception -> {
            assertThat(exception.isFlagged()).isTrue();
            assertThat(exception.getDaysLeft()).isEqualTo("4");
            assertThat(exception.getStanding()).isEqualTo("ends in 4 days (2027-01-23)");
            assertThat(exception.getUse()).isEqualTo("not used yet");
        });
        assertThat(first.getShares()).extracting(CoveragePage.Share::getValue).containsOnly("none in this period");
    }
}
