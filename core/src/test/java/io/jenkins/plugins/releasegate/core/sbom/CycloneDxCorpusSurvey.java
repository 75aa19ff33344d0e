package io.jenkins.plugins.releasegate.core.sbom;

import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.policy.SbomPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Shows, without judging, how the verifier reads the corpus documents that no test pins down: real tools' SBOMs, odd
 * but legal documents and valid CycloneDX 1.7 ({@link CycloneDxCorpusTest} judges every invalid one). Run it by hand
 * with the corpus folder as argument, for example {@code java -cp ... CycloneDxCorpusSurvey ../shared/corpus}.
 */
public final class CycloneDxCorpusSurvey {

    private static final List<String> FOLDERS = List.of("real", "edge", "valid/1.7");

    private CycloneDxCorpusSurvey() {}

    public static void main(String[] args) {
        Path cyclonedx = Path.of(args.length > 0 ? args[0] : "../shared/corpus", "cyclonedx");
        CycloneDxVerifier verifier = new CycloneDxVerifier(SbomPolicy.defaults());
        for (String folder : FOLDERS) {
            Path directory = cyclonedx.resolve(folder);
            if (!Files.isDirectory(directory)) {
                continue;
            }
            System.out.println("== " + folder);
            CycloneDxCorpusTest.files(directory).forEach(file -> {
                CycloneDxVerifier.DocumentReading reading = verifier.readDocument(
                        new EvidenceFile(file, file.getFileName().toString()));
                if (reading.failure() == null) {
                    SbomDocument document = reading.document();
                    System.out.println("ACCEPTED " + file.getFileName() + ": " + document.format() + ", "
                            + document.componentCount() + " components, describes "
                            + document.describedComponent()
                                    .map(DescribedComponent::label)
                                    .orElse("nothing"));
                } else {
                    System.out.println(
                            reading.failure().code() + " " + reading.failure().detail());
                }
            });
        }
    }
}
