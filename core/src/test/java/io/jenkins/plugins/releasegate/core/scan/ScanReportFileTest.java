package io.jenkins.plugins.releasegate.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How reading a report of any scan format ends when the file itself is the problem. */
class ScanReportFileTest {

    @TempDir
    Path folder;

    @Test
    void refusesAReportLargerThanTheCapWithoutReadingIt() throws IOException {
        EvidenceFile evidence = write("{\"SchemaVersion\": 2}");

        ScanReportFile.Reading<String> reading = ScanReportFile.read(evidence, 10, source -> {
            throw new AssertionError("a report over the cap must not be parsed");
        });

        assertThat(reading.failure().code()).isEqualTo(Code.EVIDENCE_TOO_LARGE);
        assertThat(reading.failure().detail()).startsWith("app.jar.trivy.json is larger than the ");
    }

    @Test
    void refusesAReportThatGrowsPastTheCapWhileItIsRead() throws IOException {
        EvidenceFile evidence = write("{\"a\": 1}");

        ScanReportFile.Reading<String> reading = ScanReportFile.read(evidence, 20, source -> {
            Files.writeString(evidence.path(), "{\"a\": \"" + "x".repeat(100) + "\"}");
            try (var parser = source.open()) {
                while (parser.nextToken() != null) {
                    parser.getText();
                }
            }
            return "read";
        });

        assertThat(reading.failure().code()).isEqualTo(Code.EVIDENCE_TOO_LARGE);
    }

    @Test
    void refusesAReportThatChangedWhileItWasRead() throws IOException {
        EvidenceFile evidence = write("{\"a\": 1}");

        ScanReportFile.Reading<String> reading = ScanReportFile.read(evidence, 1000, source -> {
            Files.writeString(evidence.path(), "{\"a\": 22}");
            return "read";
        });

        assertThat(reading.failure().code()).isEqualTo(Code.EVIDENCE_UNREADABLE);
        assertThat(reading.failure().detail()).contains("it changed while it was read");
    }

    private EvidenceFile write(String text) throws IOException {
        Path file = Files.writeString(folder.resolve("app.jar.trivy.json"), text);
        return new EvidenceFile(file, "app.jar.trivy.json");
    }
}
