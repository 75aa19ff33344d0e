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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * Holds the verifier to the CycloneDX documents of the shared corpus: every valid document of the specification's own
 * schema test suite for 1.4, 1.5 and 1.6 is accepted, and every document under {@code cyclonedx/invalid} is rejected
 * with a failed SBOM check that names it: the suite's cases of every version and the robustness samples of real tools,
 * each of those for the defect {@code PROVENANCE.tsv} gives it.
 */
class CycloneDxCorpusTest {

    private static final List<String> SUPPORTED_VERSIONS = List.of("1.4", "1.5", "1.6");

    private static final Set<Code> REJECTIONS =
            Set.of(Code.SBOM_SCHEMA_INVALID, Code.SBOM_MALFORMED, Code.SBOM_UNKNOWN_FORMAT);

    private static final String ROBUSTNESS = "robustness";

    /** A defect and the words of the rejection that show the verifier found that defect, not another. */
    private record Defect(Code code, String shownBy) {}

    private static final Defect MISSING_VERSION = new Defect(Code.SBOM_SCHEMA_INVALID, "required property 'version'");
    private static final Defect LATER_VERSION = new Defect(Code.SBOM_UNSUPPORTED_VERSION, "1.7");

    /** The robustness samples by file name, with the defect their row in PROVENANCE.tsv names. */
    private static final Map<String, Defect> ROBUSTNESS_DEFECTS = Map.of(
            "dependency-track_bom-invalid-truncated.json", new Defect(Code.SBOM_MALFORMED, "is not valid JSON"),
            "dependency-track_bom-empty.cdx-1.4.json", MISSING_VERSION,
            "dependency-track_bom-no-purl.cdx-1.4.json", MISSING_VERSION,
            "syft_bad-sbom.txt", new Defect(Code.SBOM_UNKNOWN_FORMAT, "neither JSON nor XML"),
            "syft_micronaut-1.5-bad-serialNumber.json", new Defect(Code.SBOM_SCHEMA_INVALID, "/serialNumber"),
            "syft_snapshot-image-redacted.cdx-1.7.json", LATER_VERSION,
            "syft_snapshot-image-redacted.cdx-1.7.xml", LATER_VERSION);

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
    Stream<DynamicTest> rejectsEveryInvalidDocument() {
        return corpus(cyclonedx -> everyFileUnder(cyclonedx.resolve("invalid")), (invalid, file) -> {
            CycloneDxVerifier.DocumentReading reading = verifier.readDocument(evidence(file));

            assertThat(reading.document()).as("document read from %s", file).isNull();
            assertThat(reading.failure()).as("rejection of %s", file).isNotNull();
            assertThat(reading.failure().status()).isEqualTo(Status.FAIL);
            assertThat(reading.failure().detail()).startsWith(file.getFileName().toString());
            Path relative = invalid.relativize(file);
            String folder = relative.getName(0).toString();
            if (SUPPORTED_VERSIONS.contains(folder)) {
                assertThat(reading.failure().code()).isIn(REJECTIONS);
            } else if (folder.startsWith("1.")) {
                // A later version than the gate validates: the version alone rejects it, unless the document's
                // defect is that it does not say it is CycloneDX at all, which is found first.
                assertThat(reading.failure().code())
                        .isEqualTo(saysNotCycloneDx(file) ? Code.SBOM_UNKNOWN_FORMAT : Code.SBOM_UNSUPPORTED_VERSION);
            } else if (folder.equals(ROBUSTNESS)
                    && ROBUSTNESS_DEFECTS.containsKey(relative.getFileName().toString())) {
                Defect defect = ROBUSTNESS_DEFECTS.get(relative.getFileName().toString());
                assertThat(reading.failure().code()).isEqualTo(defect.code());
                assertThat(reading.failure().detail()).contains(defect.shownBy());
            } else {
                assertThat(reading.failure().code()).isIn(union(REJECTIONS, Code.SBOM_UNSUPPORTED_VERSION));
            }
        });
    }

    @TestFactory
    Stream<DynamicTest> holdsEveryRobustnessSampleThisTestNamesADefectFor() {
        return corpus(cyclonedx -> Stream.of(cyclonedx.resolve("invalid").resolve(ROBUSTNESS)), (invalid, folder) -> {
            try (Stream<Path> listing = Files.list(folder)) {
                assertThat(listing.map(file -> file.getFileName().toString()))
                        .containsExactlyInAnyOrderElementsOf(ROBUSTNESS_DEFECTS.keySet());
            }
        });
    }

    /** One test per document of the suite's supported versions, or one skipped test when the corpus is absent. */
    private static Stream<DynamicTest> suite(String validity, ThrowingConsumer<Path> check) {
        return corpus(
                cyclonedx -> SUPPORTED_VERSIONS.stream()
                        .flatMap(version -> files(cyclonedx.resolve(validity).resolve(version))),
                (folder, file) -> check.accept(file));
    }

    /**
     * One test per path the selection finds in the corpus's {@code cyclonedx} folder, named by its path below the
     * selection's folder of validity; or one skipped test when the corpus is absent.
     */
    private static Stream<DynamicTest> corpus(Function<Path, Stream<Path>> selection, CorpusCheck check) {
        String location = System.getProperty("releasegate.corpus");
        Path cyclonedx = location == null ? null : Path.of(location, "cyclonedx");
        if (cyclonedx == null || !Files.isDirectory(cyclonedx)) {
            return Stream.of(dynamicTest(
                    "shared corpus",
                    () -> Assumptions.abort("The shared corpus is not there (system property releasegate.corpus = "
                            + location + "), so the CycloneDX conformance tests are skipped.")));
        }
        return selection.apply(cyclonedx).map(path -> {
            Path validity = cyclonedx.resolve(cyclonedx.relativize(path).getName(0));
            return dynamicTest(validity.relativize(path).toString(), () -> check.check(validity, path));
        });
    }

    @FunctionalInterface
    private interface CorpusCheck {
        void check(Path validityFolder, Path path) throws Throwable;
    }

    private static Stream<Path> everyFileUnder(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            return walk.filter(Files::isRegularFile).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The suite's cases of a wrong {@code bomFormat} or XML namespace, named {@code invalid-<defect>-<version>}. */
    private static boolean saysNotCycloneDx(Path file) {
        String name = file.getFileName().toString();
        return name.startsWith("invalid-bomformat-") || name.startsWith("invalid-namespace-");
    }

    private static Set<Code> union(Set<Code> codes, Code another) {
        Set<Code> all = new HashSet<>(codes);
        all.add(another);
        return all;
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
