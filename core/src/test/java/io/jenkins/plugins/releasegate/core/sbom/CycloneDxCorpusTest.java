package io.jenkins.plugins.releasegate.core.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.policy.SbomPolicy;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * Holds the verifier to the CycloneDX specification's own schema test suite in the shared corpus: every valid
 * document of 1.4, 1.5 and 1.6 is accepted and every invalid one is rejected.
 */
class CycloneDxCorpusTest {

    private static final List<String> SUPPORTED_VERSIONS = List.of("1.4", "1.5", "1.6");

    private static final Set<Code> REJECTIONS =
            Set.of(Code.SBOM_SCHEMA_INVALID, Code.SBOM_MALFORMED, Code.SBOM_UNKNOWN_FORMAT);

    private final CycloneDxVerifier verifier = new CycloneDxVerifier(SbomPolicy.defaults());

    @TestFactory
    Stream<DynamicTest> acceptsEveryValidDocumentOfTheSpecificationSuite() {
        return suite("valid", file -> {
            CycloneDxVerifier.DocumentReading reading = verifier.readDocument(evidence(file));

            assertThat(reading.failure()).as("result for %s", file).isNull();
            assertThat(reading.document().version().text())
                    .isEqualTo(file.getParent().getFileName().toString());
            assertThat(reading.document().encoding()).isEqualTo(file.toString().endsWith(".xml") ? "XML" : "JSON");
        });
    }

    @TestFactory
    Stream<DynamicTest> rejectsEveryInvalidDocumentOfTheSpecificationSuite() {
        return suite("invalid", file -> {
            CycloneDxVerifier.DocumentReading reading = verifier.readDocument(evidence(file));

            assertThat(reading.document()).as("document read from %s", file).isNull();
            assertThat(reading.failure().status()).isEqualTo(Status.FAIL);
            assertThat(reading.failure().code()).isIn(REJECTIONS);
            assertThat(reading.failure().detail()).startsWith(file.getFileName().toString());
        });
    }

    /** One test per document of the suite's supported versions, or one skipped test when the corpus is absent. */
    private static Stream<DynamicTest> suite(String validity, ThrowingConsumer<Path> check) {
        String location = System.getProperty("releasegate.corpus");
        Path cyclonedx = location == null ? null : Path.of(location, "cyclonedx");
        if (cyclonedx == null || !Files.isDirectory(cyclonedx)) {
            return Stream.of(dynamicTest(
                    "shared corpus",
                    () -> Assumptions.abort("The shared corpus is not there (system property releasegate.corpus = "
                            + location + "), so the CycloneDX conformance tests are skipped.")));
        }
        return SUPPORTED_VERSIONS.stream()
                .flatMap(version -> files(cyclonedx.resolve(validity).resolve(version)))
                .map(file -> dynamicTest(
                        file.getParent().getFileName() + "/" + file.getFileName(), () -> check.accept(file)));
    }

    static Stream<Path> files(Path folder) {
        try (Stream<Path> listing = Files.list(folder)) {
            return listing.filter(Files::isRegularFile).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static EvidenceFile evidence(Path file) {
        return new EvidenceFile(file, file.getFileName().toString());
    }
}
