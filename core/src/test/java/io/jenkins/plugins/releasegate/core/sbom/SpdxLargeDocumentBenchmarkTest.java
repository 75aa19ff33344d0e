package io.jenkins.plugins.releasegate.core.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.jenkins.plugins.releasegate.core.artifact.ArtifactHasher;
import io.jenkins.plugins.releasegate.core.evidence.ArtifactContext;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.FindingWaivers;
import io.jenkins.plugins.releasegate.core.evidence.PendingCheck;
import io.jenkins.plugins.releasegate.core.policy.SbomPolicy;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures how long verifying a generated SPDX 2.3 document of many packages takes, schema validation included. It
 * asserts only that the document binds; the numbers are printed for people. Run it with {@code ./mvnw -pl core test
 * -Dtest=SpdxLargeDocumentBenchmarkTest -Dreleasegate.benchmark=true} and {@code -Dreleasegate.benchmark.packages=N}.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "releasegate.benchmark", matches = "true")
class SpdxLargeDocumentBenchmarkTest {

    @TempDir
    Path folder;

    @Test
    void verifiesADocumentOfManyPackages() throws IOException, NoSuchAlgorithmException {
        int packages = Integer.getInteger("releasegate.benchmark.packages", 50_000);
        Path artifact = Files.writeString(folder.resolve("app.jar"), "the artifact");
        String sha256 =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(artifact)));
        Path document = write(folder.resolve("app.jar.spdx.json"), packages, sha256);
        SpdxVerifier verifier = new SpdxVerifier(SbomPolicy.defaults());
        verify(verifier, document, artifact);

        long start = System.nanoTime();
        CheckResult result = verify(verifier, document, artifact);
        long millis = (System.nanoTime() - start) / 1_000_000;

        System.out.printf(
                "[spdx-benchmark] %d packages, %.1f MiB: verified in %d ms (second run) with %.0f MiB max heap%n",
                packages,
                Files.size(document) / 1048576.0,
                millis,
                Runtime.getRuntime().maxMemory() / 1048576.0);
        assertThat(result.code()).as(result.detail()).isEqualTo(Code.SBOM_VALID);
    }

    private static CheckResult verify(SpdxVerifier verifier, Path document, Path artifact) throws IOException {
        PendingCheck pending = verifier.read(
                new EvidenceFile(document, document.getFileName().toString()),
                new ArtifactContext("app.jar", "app.jar", FindingWaivers.none()));
        return pending.complete(ArtifactHasher.digest(artifact, pending.digestsNeeded()));
    }

    private static Path write(Path file, int packages, String sha256) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
                JsonGenerator json = new JsonFactory().createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField("spdxVersion", "SPDX-2.3");
            json.writeStringField("dataLicense", "CC0-1.0");
            json.writeStringField("SPDXID", "SPDXRef-DOCUMENT");
            json.writeStringField("name", "app");
            json.writeStringField("documentNamespace", "https://example.com/app");
            json.writeObjectFieldStart("creationInfo");
            json.writeStringField("created", "2025-05-01T10:00:00Z");
            json.writeArrayFieldStart("creators");
            json.writeString("Tool: benchmark");
            json.writeEndArray();
            json.writeEndObject();
            json.writeArrayFieldStart("documentDescribes");
            json.writeString("SPDXRef-Package-0");
            json.writeEndArray();
            json.writeArrayFieldStart("packages");
            for (int i = 0; i < packages; i++) {
                json.writeStartObject();
                json.writeStringField("SPDXID", "SPDXRef-Package-" + i);
                json.writeStringField("name", i == 0 ? "app" : "lib-" + i);
                json.writeStringField("versionInfo", "1." + i);
                json.writeStringField("downloadLocation", "NOASSERTION");
                json.writeStringField("licenseConcluded", "Apache-2.0");
                json.writeArrayFieldStart("checksums");
                json.writeStartObject();
                json.writeStringField("algorithm", "SHA256");
                json.writeStringField("checksumValue", i == 0 ? sha256 : "ab".repeat(32));
                json.writeEndObject();
                json.writeEndArray();
                json.writeArrayFieldStart("externalRefs");
                json.writeStartObject();
                json.writeStringField("referenceCategory", "PACKAGE-MANAGER");
                json.writeStringField("referenceType", "purl");
                json.writeStringField("referenceLocator", "pkg:maven/org.example/lib-" + i + "@1." + i);
                json.writeEndObject();
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
        }
        return file;
    }
}
