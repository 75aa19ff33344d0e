package io.jenkins.plugins.releasegate.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.jenkins.plugins.releasegate.core.artifact.ArtifactHasher;
import io.jenkins.plugins.releasegate.core.evidence.ArtifactContext;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceVerifier;
import io.jenkins.plugins.releasegate.core.evidence.FindingWaivers;
import io.jenkins.plugins.releasegate.core.evidence.PendingCheck;
import io.jenkins.plugins.releasegate.core.policy.ScanPolicy;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Measures reading large Trivy and Dependency-Check reports: time, peak heap and the heap the pending check keeps. It
 * asserts only that every finding was counted; the numbers are printed for people. Run it with {@code ./mvnw -pl core
 * test -Dtest=ScannerReportBenchmarkTest -Dreleasegate.benchmark=true -DargLine=-Xmx64m} and {@code
 * -Dreleasegate.benchmark.mib=100} to choose the size.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "releasegate.benchmark", matches = "true")
class ScannerReportBenchmarkTest {

    @TempDir
    Path folder;

    @ParameterizedTest
    @ValueSource(strings = {"trivy", "dependency-check"})
    void readsALargeReportInLittleMemory(String tool) throws IOException {
        long targetBytes = Long.getLong("releasegate.benchmark.mib", 100) << 20;
        Path artifact = Files.writeString(folder.resolve("app.jar"), "artifact");
        Path report = folder.resolve("app.jar." + tool + ".json");
        int findings =
                tool.equals("trivy") ? writeTrivy(report, targetBytes) : writeDependencyCheck(report, targetBytes);
        EvidenceVerifier verifier = tool.equals("trivy")
                ? new TrivyVerifier(ScanPolicy.defaults(), Clock.systemUTC())
                : new DependencyCheckVerifier(ScanPolicy.defaults(), Clock.systemUTC());
        EvidenceFile evidence = new EvidenceFile(report, report.getFileName().toString());
        ArtifactContext context = new ArtifactContext("app.jar", "app.jar", FindingWaivers.none());
        verifier.read(evidence, context);

        SarifBenchmarkTest.Heap heap = SarifBenchmarkTest.Heap.measure();
        long start = System.nanoTime();
        PendingCheck pending = verifier.read(evidence, context);
        long nanos = System.nanoTime() - start;
        long peak = heap.peakSinceStart();
        long retained = heap.retainedNow();
        CheckResult result = pending.complete(ArtifactHasher.digest(artifact, pending.digestsNeeded()));

        double mib = Files.size(report) / 1048576.0;
        System.out.printf(
                "[scanner-benchmark] %s: %.1f MiB, %d findings; read in %d ms (%.0f MiB/s); peak heap %.1f MiB of %.0f"
                        + " MiB max; kept by the pending check %.1f MiB; %d findings listed%n",
                tool,
                mib,
                findings,
                nanos / 1_000_000,
                mib / (nanos / 1e9),
                peak / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0,
                retained / 1048576.0,
                result.findings().size());
        assertThat(result.facts()).as(result.detail()).containsEntry("findings", String.valueOf(findings));
    }

    private static int writeTrivy(Path file, long targetBytes) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
                JsonGenerator json = new JsonFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("SchemaVersion", 2);
            json.writeStringField("CreatedAt", "2025-05-31T10:00:00Z");
            json.writeStringField("ArtifactName", "app.jar");
            json.writeArrayFieldStart("Results");
            json.writeStartObject();
            json.writeStringField("Target", "Java");
            json.writeArrayFieldStart("Vulnerabilities");
            int count = 0;
            while (json.getOutputBuffered() + Files.size(file) < targetBytes) {
                json.writeStartObject();
                json.writeStringField("VulnerabilityID", "CVE-2024-" + (count % 20_000));
                json.writeStringField("PkgName", "org.example:lib-" + (count % 500));
                json.writeStringField("InstalledVersion", "1." + (count % 7));
                json.writeStringField("PkgPath", "app.jar/BOOT-INF/lib/lib-" + (count % 500) + ".jar");
                json.writeStringField("Title", "A flaw that lets an attacker do something bad, number " + count);
                json.writeStringField("Description", "A long description of the flaw. ".repeat(12));
                json.writeStringField("Severity", new String[] {"LOW", "MEDIUM", "HIGH", "CRITICAL"}[count % 4]);
                json.writeEndObject();
                count++;
                if (count % 1000 == 0) {
                    json.flush();
                }
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
            return count;
        }
    }

    private static int writeDependencyCheck(Path file, long targetBytes) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
                JsonGenerator json = new JsonFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("reportSchema", "1.1");
            json.writeObjectFieldStart("projectInfo");
            json.writeStringField("reportDate", "2025-05-31T10:00:00Z");
            json.writeEndObject();
            json.writeArrayFieldStart("dependencies");
            int count = 0;
            int dependency = 0;
            while (json.getOutputBuffered() + Files.size(file) < targetBytes) {
                json.writeStartObject();
                json.writeStringField("fileName", "lib-" + dependency + ".jar");
                json.writeStringField("sha256", "ab".repeat(32));
                json.writeArrayFieldStart("vulnerabilities");
                for (int i = 0; i < 20; i++) {
                    json.writeStartObject();
                    json.writeStringField("name", "CVE-2024-" + (count % 20_000));
                    json.writeStringField("severity", "HIGH");
                    json.writeObjectFieldStart("cvssv3");
                    json.writeNumberField("baseScore", 5.5);
                    json.writeStringField("baseSeverity", i % 2 == 0 ? "MEDIUM" : "LOW");
                    json.writeEndObject();
                    json.writeStringField("description", "A long description of the flaw. ".repeat(12));
                    json.writeEndObject();
                    count++;
                }
                json.writeEndArray();
                json.writeEndObject();
                dependency++;
                json.flush();
            }
            json.writeEndArray();
            json.writeEndObject();
            return count;
        }
    }
}
