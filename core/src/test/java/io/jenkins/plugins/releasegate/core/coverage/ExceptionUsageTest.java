package io.jenkins.plugins.releasegate.core.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExceptionUsageTest {

    private static final String SHA = "77".repeat(32);

    @TempDir
    Path folder;

    @Test
    void countsBuildsAndJobsAndKeepsTheLatestUse() {
        ExceptionUsage usage = new ExceptionUsage();

        usage.record(waivedBuild("app", 1, "2026-12-01T10:00:00Z"));
        usage.record(waivedBuild("tool", 9, "2026-12-03T10:00:00Z"));
        usage.record(waivedBuild("app", 2, "2026-12-02T10:00:00Z"));
        usage.record(BuildRecord.of(
                "clean", 1, Instant.parse("2026-12-04T10:00:00Z"), true, List.of(Reports.passed("a.jar", SHA))));

        assertThat(usage.of("EX-1")).hasValueSatisfying(use -> {
            assertThat(use.builds()).isEqualTo(3);
            assertThat(use.jobs()).containsExactly("tool", "app");
            assertThat(use.lastUsed()).isEqualTo(Instant.parse("2026-12-03T10:00:00Z"));
        });
        assertThat(usage.of("EX-2")).isEmpty();
    }

    @Test
    void remembersOnlyTheMostRecentJobs() {
        ExceptionUsage usage = new ExceptionUsage();
        for (int i = 0; i < ExceptionUsage.MAX_JOBS + 5; i++) {
            usage.record(waivedBuild("job-" + i, 1, "2026-12-01T10:00:00Z"));
        }

        assertThat(usage.of("EX-1").orElseThrow().jobs())
                .hasSize(ExceptionUsage.MAX_JOBS)
                .startsWith("job-5")
                .endsWith("job-" + (ExceptionUsage.MAX_JOBS + 4));
        assertThat(usage.of("EX-1").orElseThrow().builds()).isEqualTo(ExceptionUsage.MAX_JOBS + 5);
    }

    @Test
    void survivesARestartThroughItsFile() throws IOException {
        ExceptionUsage usage = new ExceptionUsage();
        usage.record(waivedBuild("app", 1, "2026-12-01T10:00:00Z"));
        Path file = folder.resolve("release-gate-exception-usage.json");

        usage.writeTo(file);
        ExceptionUsage again = ExceptionUsage.readFrom(file);

        assertThat(again.toJson()).isEqualTo(usage.toJson());
        try (var files = Files.list(folder)) {
            assertThat(files).containsExactly(file);
        }
        assertThat(ExceptionUsage.readFrom(folder.resolve("missing.json")).of("EX-1"))
                .isEmpty();
    }

    @Test
    void refusesAFileThatIsNotALedger() throws IOException {
        Path file = Files.writeString(folder.resolve("usage.json"), "{\"schema\": \"something/else\"}");
        Path broken = Files.writeString(folder.resolve("broken.json"), "{\"schema\": ");

        assertThatThrownBy(() -> ExceptionUsage.readFrom(file))
                .isInstanceOf(IOException.class)
                .hasMessage("it is not a release-gate/exception-usage/v1 document");
        assertThatThrownBy(() -> ExceptionUsage.readFrom(broken)).isInstanceOf(IOException.class);
    }

    private static BuildRecord waivedBuild(String job, int number, String finished) {
        return BuildRecord.of(job, number, Instant.parse(finished), true, List.of(Reports.waived("legacy.jar", SHA)));
    }
}
