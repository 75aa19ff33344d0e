package io.jenkins.plugins.releasegate.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.jenkins.plugins.releasegate.core.artifact.ArtifactHasher;
import io.jenkins.plugins.releasegate.core.evidence.ArtifactContext;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.FindingWaivers;
import io.jenkins.plugins.releasegate.core.evidence.PendingCheck;
import io.jenkins.plugins.releasegate.core.policy.ScanPolicy;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Measures reading a large SARIF log: parse time, peak heap and the heap the pending check keeps. It asserts only that
 * every result was counted; the numbers are printed for people. Run it with
 * {@code ./mvnw -pl core test -Dtest=SarifBenchmarkTest -Dreleasegate.benchmark=true -DargLine=-Xmx64m} and
 * {@code -Dreleasegate.benchmark.mib=100} to choose the size.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "releasegate.benchmark", matches = "true")
class SarifBenchmarkTest {

    private static final int RULES = 800;

    @TempDir
    Path folder;

    @ParameterizedTest(name = "tool first: {0}")
    @ValueSource(booleans = {true, false})
    void readsALargeLogInLittleMemory(boolean toolFirst) throws IOException {
        long targetBytes = Long.getLong("releasegate.benchmark.mib", 100) << 20;
        Path artifact = Files.writeString(folder.resolve("app.jar"), "artifact");
        Path sarif = folder.resolve("app.jar.sarif");
        int results = LargeSarif.write(sarif, targetBytes, toolFirst);

        SarifVerifier verifier = new SarifVerifier(ScanPolicy.defaults(), Clock.systemUTC());
        EvidenceFile evidence = new EvidenceFile(sarif, sarif.getFileName().toString());
        ArtifactContext context = new ArtifactContext("app.jar", "app.jar", FindingWaivers.none());
        long coldStart = System.nanoTime();
        verifier.read(evidence, context);
        long coldNanos = System.nanoTime() - coldStart;

        Heap heap = Heap.measure();
        long start = System.nanoTime();
        PendingCheck pending = verifier.read(evidence, context);
        long warmNanos = System.nanoTime() - start;
        long peak = heap.peakSinceStart();
        long retained = heap.retainedNow();
        CheckResult result = pending.complete(ArtifactHasher.digest(artifact, pending.digestsNeeded()));

        double mib = Files.size(sarif) / 1048576.0;
        System.out.printf(
                "[sarif-benchmark] tool first %s: %.1f MiB, %d results; first read %d ms, second read %d ms (%.0f"
                        + " MiB/s); peak heap %.1f MiB of %.0f MiB max; kept by the pending check %.1f MiB; %d"
                        + " findings listed%n",
                toolFirst,
                mib,
                results,
                coldNanos / 1_000_000,
                warmNanos / 1_000_000,
                mib / (warmNanos / 1e9),
                peak / 1048576.0,
                Runtime.getRuntime().maxMemory() / 1048576.0,
                retained / 1048576.0,
                result.findings().size());
        assertThat(result.code()).as(result.detail()).isEqualTo(Code.SCAN_FINDINGS_OVER_THRESHOLD);
        assertThat(result.facts()).containsEntry("findings", String.valueOf(results));
    }

    @Test
    void generatorWritesTheSizeAskedFor() throws IOException {
        Path sarif = folder.resolve("small.sarif");

        int results = LargeSarif.write(sarif, 1 << 20, true);

        assertThat(Files.size(sarif)).isBetween((1L << 20) - 4096, (1L << 20) + 4096);
        assertThat(results).isPositive();
    }

    /** Writes a SARIF log shaped like a static analyser's: many rules with help texts, results with code flows. */
    static final class LargeSarif {

        private LargeSarif() {}

        /** Writes results until the file reaches the size given; returns how many results it wrote. */
        static int write(Path file, long targetBytes, boolean toolFirst) throws IOException {
            Random random = new Random(42);
            long tail = toolFirst ? 64 : toolBytes() + 64;
            try (CountingOutputStream out = new CountingOutputStream(Files.newOutputStream(file));
                    JsonGenerator json = new JsonFactory().createGenerator(out)) {
                json.writeStartObject();
                json.writeStringField("$schema", "https://json.schemastore.org/sarif-2.1.0.json");
                json.writeStringField("version", "2.1.0");
                json.writeArrayFieldStart("runs");
                json.writeStartObject();
                if (toolFirst) {
                    writeTool(json);
                }
                json.writeArrayFieldStart("invocations");
                json.writeStartObject();
                json.writeBooleanField("executionSuccessful", true);
                json.writeStringField("endTimeUtc", "2025-06-01T10:00:00Z");
                json.writeEndObject();
                json.writeEndArray();
                json.writeArrayFieldStart("results");
                int count = 0;
                while (out.count() + json.getOutputBuffered() < targetBytes - tail) {
                    writeResult(json, random, count++);
                }
                json.writeEndArray();
                if (!toolFirst) {
                    writeTool(json);
                }
                json.writeEndObject();
                json.writeEndArray();
                json.writeEndObject();
                return count;
            }
        }

        private static long toolBytes() throws IOException {
            CountingOutputStream counter = new CountingOutputStream(OutputStream.nullOutputStream());
            try (JsonGenerator json = new JsonFactory().createGenerator(counter)) {
                json.writeStartObject();
                writeTool(json);
                json.writeEndObject();
            }
            return counter.count();
        }

        private static void writeTool(JsonGenerator json) throws IOException {
            json.writeObjectFieldStart("tool");
            json.writeObjectFieldStart("driver");
            json.writeStringField("name", "BigAnalyser");
            json.writeStringField("version", "9.9.9");
            json.writeArrayFieldStart("rules");
            for (int i = 0; i < RULES; i++) {
                json.writeStartObject();
                json.writeStringField("id", "lang/rule-" + i);
                json.writeObjectFieldStart("shortDescription");
                json.writeStringField("text", "Rule number " + i + " finds a kind of weakness");
                json.writeEndObject();
                json.writeObjectFieldStart("help");
                json.writeStringField("text", "Explains at length why rule " + i + " matters. ".repeat(20));
                json.writeEndObject();
                json.writeObjectFieldStart("defaultConfiguration");
                json.writeStringField("level", i % 3 == 0 ? "error" : "warning");
                json.writeEndObject();
                json.writeObjectFieldStart("properties");
                json.writeStringField("security-severity", (i % 100) / 10 + "." + i % 10);
                json.writeArrayFieldStart("tags");
                json.writeString("security");
                json.writeString("external/cwe/cwe-" + (i % 900));
                json.writeEndArray();
                json.writeEndObject();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndObject();
        }

        private static void writeResult(JsonGenerator json, Random random, int n) throws IOException {
            int rule = random.nextInt(RULES);
            String file =
                    "src/main/java/com/example/module" + random.nextInt(50) + "/Class" + random.nextInt(400) + ".java";
            json.writeStartObject();
            json.writeStringField("ruleId", "lang/rule-" + rule);
            json.writeNumberField("ruleIndex", rule);
            json.writeObjectFieldStart("message");
            json.writeStringField(
                    "text",
                    "Value " + n + " flows from a user-controlled source to a sensitive sink"
                            + " without being checked, in method handle" + random.nextInt(1000) + ".");
            json.writeEndObject();
            json.writeArrayFieldStart("locations");
            writeLocation(json, file, random);
            json.writeEndArray();
            json.writeObjectFieldStart("partialFingerprints");
            json.writeStringField("primaryLocationLineHash", Long.toHexString(random.nextLong()) + ":1");
            json.writeEndObject();
            json.writeArrayFieldStart("codeFlows");
            json.writeStartObject();
            json.writeArrayFieldStart("threadFlows");
            json.writeStartObject();
            json.writeArrayFieldStart("locations");
            for (int step = 0; step < 3; step++) {
                json.writeStartObject();
                json.writeFieldName("location");
                writeLocation(json, file, random);
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
        }

        private static void writeLocation(JsonGenerator json, String file, Random random) throws IOException {
            int line = 1 + random.nextInt(2000);
            json.writeStartObject();
            json.writeObjectFieldStart("physicalLocation");
            json.writeObjectFieldStart("artifactLocation");
            json.writeStringField("uri", file);
            json.writeStringField("uriBaseId", "%SRCROOT%");
            json.writeEndObject();
            json.writeObjectFieldStart("region");
            json.writeNumberField("startLine", line);
            json.writeNumberField("startColumn", 1 + random.nextInt(80));
            json.writeNumberField("endColumn", 81 + random.nextInt(40));
            json.writeObjectFieldStart("snippet");
            json.writeStringField("text", "String value = request.getParameter(\"p" + line + "\");");
            json.writeEndObject();
            json.writeEndObject();
            json.writeEndObject();
            json.writeEndObject();
        }
    }

    private static final class CountingOutputStream extends FilterOutputStream {

        private long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            count += length;
        }

        long count() {
            return count;
        }
    }

    /** The heap as the JVM's memory pools report it. */
    static final class Heap {

        private final List<MemoryPoolMXBean> pools;
        private final long baseline;

        private Heap(List<MemoryPoolMXBean> pools, long baseline) {
            this.pools = pools;
            this.baseline = baseline;
        }

        /** Collects garbage, notes the heap in use and starts measuring the peak from there. */
        static Heap measure() {
            List<MemoryPoolMXBean> pools = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.HEAP)
                    .toList();
            System.gc();
            long baseline = used(pools);
            pools.forEach(MemoryPoolMXBean::resetPeakUsage);
            return new Heap(pools, baseline);
        }

        /**
         * The highest heap in use since the start, garbage included; the sum of each pool's own peak, so an upper
         * bound.
         */
        long peakSinceStart() {
            return pools.stream()
                    .mapToLong(pool -> pool.getPeakUsage().getUsed())
                    .sum();
        }

        /** The heap still in use after a collection, above the baseline: what the caller keeps. */
        long retainedNow() {
            System.gc();
            return Math.max(0, used(pools) - baseline);
        }

        private static long used(List<MemoryPoolMXBean> pools) {
            return pools.stream().mapToLong(pool -> pool.getUsage().getUsed()).sum();
        }
    }
}
