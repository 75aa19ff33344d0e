package io.jenkins.plugins.releasegate.core.artifact;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.releasegate.core.policy.ArtifactPatterns;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArtifactCollectorTest {

    @TempDir
    Path folder;

    @Test
    void expandsAFolderByThePatternsAndNeverOffersEvidence() throws Exception {
        touch(
                "dist/app.jar",
                "dist/app.jar.p7s",
                "dist/app.jar.cdx.json",
                "dist/app.jar.sarif",
                "dist/readme.txt",
                "dist/lib/util.jar",
                "dist/web.war",
                "dist/test.jar");
        ArtifactCollector collector =
                new ArtifactCollector(new ArtifactPatterns(ArtifactPatterns.DEFAULT_INCLUDE, List.of("**/test.jar")));

        ArtifactCollector.Collected collected = collector.collect(List.of("dist"), folder);

        assertThat(collected.artifacts())
                .extracting(Artifact::displayPath)
                .containsExactly("dist/app.jar", "dist/lib/util.jar", "dist/web.war");
    }

    @Test
    void keepsAFileGivenByNameAsGivenAndSkipsEvidenceWithANote() throws Exception {
        touch("dist/app.jar", "dist/app.jar.p7s");

        ArtifactCollector.Collected collected = new ArtifactCollector(ArtifactPatterns.defaults())
                .collect(List.of("./dist/app.jar", "dist/app.jar.p7s"), folder);

        assertThat(collected.artifacts()).extracting(Artifact::displayPath).containsExactly("dist/app.jar");
        assertThat(collected.notes()).containsExactly("dist/app.jar.p7s was skipped: it is evidence, not an artifact.");
    }

    @Test
    void countsAnArtifactGivenTwiceOnce() throws Exception {
        touch("dist/app.jar");

        ArtifactCollector.Collected collected =
                new ArtifactCollector(ArtifactPatterns.defaults()).collect(List.of("dist", "dist/app.jar"), folder);

        assertThat(collected.artifacts()).hasSize(1);
    }

    @Test
    void namesAnInputThatDoesNotExist() {
        assertThatThrownBy(
                        () -> new ArtifactCollector(ArtifactPatterns.defaults()).collect(List.of("nope.jar"), folder))
                .isInstanceOf(GateInputException.class)
                .hasMessage("nope.jar does not exist.");
    }

    private void touch(String... paths) throws IOException {
        for (String path : paths) {
            Path file = folder.resolve(path);
            Files.createDirectories(file.getParent());
            Files.writeString(file, path);
        }
    }
}
