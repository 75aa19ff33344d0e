package io.jenkins.plugins.releasegate.core.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactHasher;
import io.jenkins.plugins.releasegate.core.evidence.ArtifactContext;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceRejection;
import io.jenkins.plugins.releasegate.core.evidence.FindingWaivers;
import io.jenkins.plugins.releasegate.core.evidence.PendingCheck;
import io.jenkins.plugins.releasegate.core.policy.SbomPolicy;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the SPDX verifier over the shared conformance corpus. Every SPDX 2.3 document of {@code spdx/valid} must be
 * accepted as a valid document, so that only its binding to the artifact decides (these documents describe real
 * software whose checksums no test artifact has), every valid SPDX 2.2 one refused as an unsupported version, and
 * every document of {@code spdx/invalid} refused; what becomes of the edge cases and other versions and formats is
 * printed for the report.
 */
class SpdxCorpusTest {

    private static final Set<Code> BINDING_DECIDED =
            Set.of(Code.SBOM_VALID, Code.SBOM_DIGEST_MISMATCH, Code.SBOM_NOT_BOUND);
    private static final Set<Code> READ_AND_REFUSED =
            Set.of(Code.SBOM_UNSUPPORTED_VERSION, Code.SBOM_SCHEMA_INVALID, Code.SBOM_MALFORMED);

    @TempDir
    Path folder;

    @Test
    void acceptsEverySpdx23DocumentOfTheCorpusAndRefusesSpdx22() throws IOException {
        List<Path> documents = documents("valid");

        assertThat(documents).as("valid SPDX documents in the corpus").isNotEmpty();
        for (Path document : documents) {
            CheckResult result = verify(document);
            print("valid", document, result);
            if (isSpdx23(document)) {
                assertThat(result.code()).as(result.detail()).isIn(BINDING_DECIDED);
                assertThat(result.facts()).containsEntry("format", "SPDX 2.3 JSON");
                try (InputStream in = Files.newInputStream(document)) {
                    assertThat(new SpdxJsonReader().read(in, "document").namespace())
                            .isNotBlank();
                } catch (EvidenceRejection e) {
                    throw new AssertionError(e.detail(), e);
                }
            } else {
                assertThat(result.code()).as(result.detail()).isEqualTo(Code.SBOM_UNSUPPORTED_VERSION);
            }
        }
    }

    @Test
    void refusesEveryInvalidDocumentOfTheCorpus() throws IOException {
        List<Path> documents = documents("invalid");

        assertThat(documents).as("invalid SPDX documents in the corpus").isNotEmpty();
        for (Path document : documents) {
            CheckResult result = verify(document);
            print("invalid", document, result);
            assertThat(result.status()).as(result.detail()).isEqualTo(Status.FAIL);
            assertThat(result.code()).as(result.detail()).isIn(READ_AND_REFUSED);
        }
    }

    @Test
    void reportsWhatBecomesOfEdgeCasesOtherVersionsAndOtherFormats() throws IOException {
        for (String kind : List.of("edge", "other-versions", "other-formats")) {
            for (Path document : documents(kind)) {
                CheckResult result = verify(document);
                print(kind, document, result);
                assertThat(result.status()).as(result.detail()).isEqualTo(Status.FAIL);
                assertThat(result.code()).as(result.detail()).isNotEqualTo(Code.INTERNAL_ERROR);
            }
        }
    }

    /** Verifies a corpus document copied beside an artifact and named after it, as the gate would find it. */
    private CheckResult verify(Path document) throws IOException {
        Path artifact = Files.writeString(folder.resolve("app.jar"), "not the described software");
        Path evidence = Files.copy(document, folder.resolve("app.jar.spdx.json"), REPLACE);
        PendingCheck pending = new SpdxVerifier(SbomPolicy.defaults())
                .read(
                        new EvidenceFile(evidence, document.getFileName().toString()),
                        new ArtifactContext("app.jar", "app.jar", FindingWaivers.none()));
        return pending.complete(ArtifactHasher.digest(artifact, pending.digestsNeeded()));
    }

    private static final java.nio.file.CopyOption REPLACE = java.nio.file.StandardCopyOption.REPLACE_EXISTING;

    private static boolean isSpdx23(Path document) throws IOException {
        return Files.readString(document).matches("(?s).*\"spdxVersion\"\\s*:\\s*\"SPDX-2\\.3\".*");
    }

    private static List<Path> documents(String kind) throws IOException {
        Path spdx = corpus().resolve("spdx").resolve(kind);
        Assumptions.assumeTrue(Files.isDirectory(spdx), () -> "The corpus folder " + spdx + " is absent");
        try (Stream<Path> files = Files.list(spdx)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static Path corpus() {
        String location = System.getProperty("releasegate.corpus");
        Assumptions.assumeTrue(
                location != null && Files.isDirectory(Path.of(location)),
                () -> "The conformance corpus is absent (system property releasegate.corpus is " + location + ")");
        return Path.of(location);
    }

    private static void print(String kind, Path document, CheckResult result) {
        System.out.println("[spdx-corpus] " + kind + " | " + document.getFileName() + " | " + result.code() + " | "
                + result.detail());
    }
}
