package io.jenkins.plugins.releasegate.core.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AntPatternTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
        "**/*.jar, app.jar, true",
        "**/*.jar, lib/deep/app.jar, true",
        "**/*.jar, app.jar.p7s, false",
        "*.jar, lib/app.jar, true",
        "lib/*.jar, lib/app.jar, true",
        "lib/*.jar, lib/deep/app.jar, false",
        "lib/**, lib/deep/app.jar, true",
        "legacy-*.jar, dist/legacy-1.0.jar, true",
        "legacy-*.jar, dist/app.jar, false",
        "app-?.jar, app-1.jar, true",
        "app-?.jar, app-10.jar, false",
        "**/*.tar.gz, dist/app.tar.gz, true",
        "a.b.jar, aXb.jar, false",
        "./dist/*.jar, dist/app.jar, true",
    })
    void matchesLikeAnt(String pattern, String path, boolean expected) {
        assertThat(AntPattern.compile(pattern).matches(path)).isEqualTo(expected);
    }
}
