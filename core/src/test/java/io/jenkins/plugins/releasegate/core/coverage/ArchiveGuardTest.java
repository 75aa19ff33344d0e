package io.jenkins.plugins.releasegate.core.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.core.coverage.ArchiveGuard.Decision;
import io.jenkins.plugins.releasegate.core.policy.ArtifactPatterns;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArchiveGuardTest {

    private static final String GATED = "3f".repeat(32);
    private static final String OTHER = "a0".repeat(32);

    private final ArchiveGuard guard = new ArchiveGuard(ArtifactPatterns.defaults());

    @Test
    void needsTheDigestOfArtifactsOnly() {
        assertThat(guard.needsDigest("target/app.jar")).isTrue();
        assertThat(guard.needsDigest("target/app.jar.p7s")).isFalse();
        assertThat(guard.needsDigest("target/app.jar.cdx.json")).isFalse();
        assertThat(guard.needsDigest("target/notes.txt")).isFalse();
        ArchiveGuard excluding = new ArchiveGuard(new ArtifactPatterns(List.of("**/*.jar"), List.of("**/test-*.jar")));
        assertThat(excluding.needsDigest("target/test-app.jar")).isFalse();
        assertThat(excluding.needsDigest("target/app.jar")).isTrue();
    }

    @Test
    void archivesAnArtifactWhoseContentPassedTheGateInThisBuild() {
        Decision decision = guard.decide("target/app.jar", GATED, List.of(Reports.passed("target/app.jar", GATED)));

        assertThat(decision.allowed()).isTrue();
        assertThat(decision.reason())
                .isEqualTo("target/app.jar passed the gate in this build (SHA-256 " + GATED + ").");
    }

    @Test
    void archivesTheContentThatPassedWhateverPathTheGateSawItUnder() {
        assertThat(guard.decide("dist/app.jar", GATED.toUpperCase(), List.of(Reports.waived("build/app.jar", GATED)))
                        .allowed())
                .isTrue();
    }

    @Test
    void refusesAnArtifactInABuildThatNeverRanTheGate() {
        Decision decision = guard.decide("target/app.jar", GATED, List.of());

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason()).contains("has not run releaseGate");
    }

    @Test
    void refusesContentThatChangedAfterItWasGated() {
        Decision decision = guard.decide("target/app.jar", OTHER, List.of(Reports.passed("target/app.jar", GATED)));

        assertThat(decision.allowed()).isFalse();
        assertThat(decision.reason()).contains(OTHER).contains("no gate run saw this content");
    }

    @Test
    void refusesContentThatFailedTheGateEvenInAudit() {
        assertThat(guard.decide("app.jar", GATED, List.of(Reports.failed("app.jar", GATED)))
                        .reason())
                .endsWith("did not pass the gate in this build, so it may not be archived.");
        assertThat(guard.decide("app.jar", GATED, List.of(Reports.audited("app.jar", GATED, false)))
                        .allowed())
                .isFalse();
    }

    @Test
    void letsEvidenceVerdictsAndOtherFilesThrough() {
        assertThat(guard.decide("target/app.jar.p7s", OTHER, List.of()).allowed())
                .isTrue();
        assertThat(guard.decide("target/app.jar.cdx.json", OTHER, List.of()).allowed())
                .isTrue();
        assertThat(guard.decide("release-gate-verdicts/app.jar.vsa.dsse.json", OTHER, List.of())
                        .allowed())
                .isTrue();
        assertThat(guard.decide("target/surefire-reports/TEST-a.xml", OTHER, List.of())
                        .reason())
                .contains("not an artifact under the global policy's artifact patterns");
    }

    @Test
    void holdsExcludedFilesToNothing() {
        ArchiveGuard excluding = new ArchiveGuard(new ArtifactPatterns(List.of("**/*.jar"), List.of("**/test-*.jar")));

        assertThat(excluding.decide("lib/test-fixtures.jar", OTHER, List.of()).allowed())
                .isTrue();
        assertThat(excluding.decide("lib/app.jar", OTHER, List.of()).allowed()).isFalse();
    }
}
