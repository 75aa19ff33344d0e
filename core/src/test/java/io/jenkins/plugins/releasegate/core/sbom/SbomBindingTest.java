package io.jenkins.plugins.releasegate.core.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The component-name rule of {@code binding: name}, case by case. */
class SbomBindingTest {

    @ParameterizedTest(name = "\"{0}\" {1} describes {2}: {3}")
    @CsvSource({
        "app.jar,       ,      app.jar,           true",
        "app,           ,      app.jar,           true",
        "app,           ,      app.tar.gz,        true",
        "app,           1.2.0, app-1.2.0.jar,     true",
        "app,           1.2.0, app-1.2.0.tar.gz,  true",
        "app,           1.2.0, app-1.3.0.jar,     false",
        "app,           ,      app-1.2.0.jar,     false",
        "App,           ,      app.jar,           false",
        "app,           ,      application.jar,   false",
        "other,         1.2.0, app-1.2.0.jar,     false",
        "'',            ,      app.jar,           false"
    })
    void describesArtifactByNameOnlyWhenNameAndVersionFitItsFileName(
            String name, String version, String artifact, boolean expected) {
        DescribedComponent component = new DescribedComponent(name, version, List.of());

        assertThat(SbomBinding.describesByName(component, artifact)).isEqualTo(expected);
    }
}
