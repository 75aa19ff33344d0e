package io.jenkins.plugins.releasegate.core.sbom;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactHasher;
import io.jenkins.plugins.releasegate.core.evidence.ArtifactContext;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.FindingWaivers;
import io.jenkins.plugins.releasegate.core.evidence.PendingCheck;
import io.jenkins.plugins.releasegate.core.policy.SbomPolicy;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * Measures how long verifying a generated SBOM of 50,000 components takes, JSON and XML, and roughly how much heap it
 * needs. Not a test: timings depend on the machine, so it only prints. Run it by hand, for example with
 * {@code java -Xmx512m -cp ... CycloneDxLargeSbomBenchmark [components] [rounds]}.
 */
public final class CycloneDxLargeSbomBenchmark {

    private CycloneDxLargeSbomBenchmark() {}

    public static void main(String[] args) throws Exception {
        int components = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        Path dir = Files.createTempDirectory("cdx-benchmark");
        try {
            Path artifact = Files.writeString(dir.resolve("app.jar"), "the artifact");
            String sha256 = HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(artifact)));
            Path json = writeJson(dir.resolve("app.jar.cdx.json"), components, sha256);
            Path xml = writeXml(dir.resolve("app.jar.cdx.xml"), components, sha256);
            CycloneDxVerifier verifier = new CycloneDxVerifier(SbomPolicy.defaults());
            for (Path sbom : List.of(json, xml)) {
                measure(verifier, sbom, artifact, rounds);
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }

    private static void measure(CycloneDxVerifier verifier, Path sbom, Path artifact, int rounds) throws IOException {
        long first = System.nanoTime();
        CheckResult firstResult = verify(verifier, sbom, artifact);
        long firstMillis = (System.nanoTime() - first) / 1_000_000;

        long[] millis = new long[rounds];
        long peakHeap = 0;
        for (int i = 0; i < rounds; i++) {
            System.gc();
            long baseline = usedHeap();
            List<MemoryPoolMXBean> pools = heapPools();
            pools.forEach(MemoryPoolMXBean::resetPeakUsage);
            long start = System.nanoTime();
            verify(verifier, sbom, artifact);
            millis[i] = (System.nanoTime() - start) / 1_000_000;
            long peak = pools.stream()
                    .mapToLong(pool -> pool.getPeakUsage().getUsed())
                    .sum();
            peakHeap = Math.max(peakHeap, peak - baseline);
        }
        Arrays.sort(millis);
        System.out.printf(
                "%s: %.1f MiB, %s (%s); first run %d ms (schemas included), then median %d ms, min %d ms, max %d ms;"
                        + " peak heap above baseline about %d MiB%n",
                sbom.getFileName(),
                Files.size(sbom) / 1048576.0,
                firstResult.code(),
                firstResult.facts().get("components") + " components",
                firstMillis,
                millis[rounds / 2],
                millis[0],
                millis[rounds - 1],
                peakHeap >> 20);
    }

    private static CheckResult verify(CycloneDxVerifier verifier, Path sbom, Path artifact) throws IOException {
        PendingCheck pending = verifier.read(
                new EvidenceFile(sbom, sbom.getFileName().toString()),
                new ArtifactContext("app.jar", "app.jar", FindingWaivers.none()));
        return pending.complete(ArtifactHasher.digest(artifact, pending.digestsNeeded()));
    }

    private static long usedHeap() {
        return heapPools().stream().mapToLong(pool -> pool.getUsage().getUsed()).sum();
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP)
                .toList();
    }

    private static Path writeJson(Path file, int components, String sha256) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1,"
                    + "\"serialNumber\":\"urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79\",\"metadata\":{"
                    + "\"timestamp\":\"2024-05-01T10:00:00Z\",\"component\":{\"type\":\"application\","
                    + "\"name\":\"app\",\"version\":\"1.0\",\"hashes\":[{\"alg\":\"SHA-256\",\"content\":\"" + sha256
                    + "\"}]}},\"components\":[\n");
            for (int i = 0; i < components; i++) {
                String purl = "pkg:maven/org.example/lib-" + i + "@1." + (i % 10) + ".0";
                out.write((i == 0 ? "" : ",\n") + "{\"type\":\"library\",\"bom-ref\":\"" + purl + "\","
                        + "\"group\":\"org.example\",\"name\":\"lib-" + i + "\",\"version\":\"1." + (i % 10)
                        + ".0\",\"purl\":\"" + purl + "\",\"hashes\":[{\"alg\":\"SHA-256\",\"content\":\""
                        + "%064x".formatted(i) + "\"}],\"licenses\":[{\"license\":{\"id\":\"Apache-2.0\"}}]}");
            }
            out.write("\n]}\n");
        }
        return file;
    }

    private static Path writeXml(Path file, int components, String sha256) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\""
                    + " serialNumber=\"urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79\" version=\"1\"><metadata>"
                    + "<timestamp>2024-05-01T10:00:00Z</timestamp><component type=\"application\"><name>app</name>"
                    + "<version>1.0</version><hashes><hash alg=\"SHA-256\">" + sha256 + "</hash></hashes>"
                    + "</component></metadata><components>\n");
            for (int i = 0; i < components; i++) {
                String purl = "pkg:maven/org.example/lib-" + i + "@1." + (i % 10) + ".0";
                out.write("<component type=\"library\" bom-ref=\"" + purl + "\"><group>org.example</group>"
                        + "<name>lib-" + i + "</name><version>1." + (i % 10) + ".0</version><hashes>"
                        + "<hash alg=\"SHA-256\">" + "%064x".formatted(i) + "</hash></hashes><licenses><license>"
                        + "<id>Apache-2.0</id></license></licenses><purl>" + purl + "</purl></component>\n");
            }
            out.write("</components></bom>\n");
        }
        return file;
    }
}
