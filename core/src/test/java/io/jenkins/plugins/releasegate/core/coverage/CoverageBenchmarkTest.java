package io.jenkins.plugins.releasegate.core.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures the coverage page's model for a large Jenkins: 5,000 jobs with a build a day for 30 days, the shares, one
 * page of rows and the JSON. It asserts only the counts; the times are printed for people. Run it with {@code ./mvnw
 * -pl core test -Dtest=CoverageBenchmarkTest -Dreleasegate.benchmark=true}.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "releasegate.benchmark", matches = "true")
class CoverageBenchmarkTest {

    private static final int JOBS = 5_000;
    private static final int DAYS = 30;

    @Test
    void computesTheCoverageOfFiveThousandJobs() {
        Instant now = Instant.parse("2027-01-20T12:00:00Z");
        GateReport passed = Reports.passed("target/app.jar", "3f".repeat(32));
        GateReport failed = Reports.failed("target/app.jar", "3f".repeat(32));
        List<Coverage.JobRow> rows = new ArrayList<>();
        for (int job = 0; job < JOBS; job++) {
            List<BuildRecord> recent = new ArrayList<>();
            for (int day = 0; day < DAYS; day++) {
                List<GateReport> reports = job % 3 == 0 ? List.of() : List.of(day % 5 == 0 ? failed : passed);
                recent.add(BuildRecord.of(
                        "job-" + job,
                        DAYS - day,
                        now.minus(Duration.ofDays(day)).minusSeconds(60),
                        true,
                        reports));
            }
            rows.add(new Coverage.JobRow("job-" + job, "job/job-" + job + "/", Optional.of(recent.get(0)), recent));
        }

        for (int warmUp = 0; warmUp < 3; warmUp++) {
            Coverage.of(rows, List.of(), new ExceptionUsage(), now).toJson();
        }
        long start = System.nanoTime();
        Coverage coverage = Coverage.of(rows, List.of(), new ExceptionUsage(), now);
        long computed = System.nanoTime();
        List<Coverage.JobRow> page = coverage.page(17, 100);
        long paged = System.nanoTime();
        String json = coverage.toJson();
        long written = System.nanoTime();

        System.out.printf(
                "Coverage of %,d jobs x %d builds: model %.1f ms, one page %.3f ms, JSON %.1f ms (%,d KiB)%n",
                JOBS,
                DAYS,
                (computed - start) / 1e6,
                (paged - computed) / 1e6,
                (written - paged) / 1e6,
                json.length() / 1024);
        assertThat(page).hasSize(100);
        assertThat(coverage.jobs30().count()).isEqualTo(JOBS - (JOBS + 2) / 3);
        assertThat(coverage.archiving30().of()).isEqualTo(JOBS * DAYS);
    }
}
