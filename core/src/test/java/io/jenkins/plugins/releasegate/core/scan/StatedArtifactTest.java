package io.jenkins.plugins.releasegate.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatedArtifactTest {

    @ParameterizedTest
    @CsvSource({
        "app.jar, app.jar",
        "build/libs/app.jar, app.jar",
        "file:///C:/build/app.jar, app.jar",
        "C:\\build\\app.jar, app.jar",
        "dist/my%20app.jar, my app.jar",
        "dist/%C3%A9t%C3%A9.jar, été.jar",
        "dist/app.jar?download=1, app.jar",
        "dist/app.jar#part, app.jar",
        "dist/100%.jar, 100%.jar",
        "dist/, ''"
    })
    void takesTheFileNameAUriEndsIn(String uri, String fileName) {
        assertThat(StatedArtifact.fileName(uri)).isEqualTo(fileName);
    }
}
