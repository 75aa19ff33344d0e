package io.jenkins.plugins.releasegate.core.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactDigests;
import io.jenkins.plugins.releasegate.core.artifact.ArtifactHasher;
import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import io.jenkins.plugins.releasegate.core.evidence.ArtifactContext;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceVerifier;
import io.jenkins.plugins.releasegate.core.evidence.FindingWaivers;
import io.jenkins.plugins.releasegate.core.evidence.PendingCheck;
import io.jenkins.plugins.releasegate.core.policy.ScanFormat;
import io.jenkins.plugins.releasegate.core.policy.ScanPolicy;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.ExceptionUse;
import io.jenkins.plugins.releasegate.core.verdict.Finding;
import io.jenkins.plugins.releasegate.core.verdict.Severity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Writes scan reports beside an artifact in a test's folder and runs a verifier over them, as the gate would: read,
 * compute the digests the pending check asks for, complete. Reports are written with single quotes, which read better
 * in Java strings; JSON wants double ones.
 */
final class ScanReportFixture {

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final String ARTIFACT = "app.jar";
    static final ExceptionUse ACTIVE_EXCEPTION =
            new ExceptionUse("EX-1", "finding:CVE-A", "sec@example.com", "SEC-1", LocalDate.parse("2025-12-31"), false);

    private final Path folder;
    private final Path artifact;
    private final String suffix;
    private final BiFunction<ScanPolicy, Clock, EvidenceVerifier> verifiers;

    /**
     * @param suffix the report's suffix after the artifact's name, for example {@code .trivy.json}
     * @param verifiers makes the verifier under test from a policy and a clock
     */
    ScanReportFixture(Path folder, String suffix, BiFunction<ScanPolicy, Clock, EvidenceVerifier> verifiers) {
        this.folder = folder;
        this.suffix = suffix;
        this.verifiers = verifiers;
        try {
            this.artifact = Files.writeString(folder.resolve(ARTIFACT), "the artifact's bytes", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String reportName() {
        return ARTIFACT + suffix;
    }

    CheckResult verify(String singleQuoted) {
        return verify(ScanPolicy.defaults(), FindingWaivers.none(), singleQuoted);
    }

    CheckResult verify(ScanPolicy policy, String singleQuoted) {
        return verify(policy, FindingWaivers.none(), singleQuoted);
    }

    CheckResult verify(ScanPolicy policy, FindingWaivers waivers, String singleQuoted) {
        PendingCheck pending = read(policy, waivers, singleQuoted);
        return pending.complete(digests(pending.digestsNeeded()));
    }

    PendingCheck read(ScanPolicy policy, FindingWaivers waivers, String singleQuoted) {
        return readText(policy, waivers, singleQuoted.replace('\'', '"'));
    }

    /** Reads a report written exactly as given, quotes included. */
    PendingCheck readText(ScanPolicy policy, FindingWaivers waivers, String text) {
        try {
            Path report = Files.writeString(folder.resolve(reportName()), text, StandardCharsets.UTF_8);
            return verifiers
                    .apply(policy, CLOCK)
                    .read(new EvidenceFile(report, reportName()), new ArtifactContext(ARTIFACT, ARTIFACT, waivers));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    ArtifactDigests digests(Set<DigestAlgorithm> algorithms) {
        try {
            return ArtifactHasher.digest(artifact, algorithms);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String hex(DigestAlgorithm algorithm) {
        try {
            return HexFormat.of().formatHex(algorithm.newDigest().digest(Files.readAllBytes(artifact)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ScanPolicy policy(Severity failOn, Duration maxAge) {
        return new ScanPolicy(true, Set.of(ScanFormat.values()), failOn, Optional.ofNullable(maxAge), List.of());
    }

    static ScanPolicy only(ScanFormat format) {
        return new ScanPolicy(true, Set.of(format), Severity.HIGH, Optional.empty(), List.of());
    }

    /** Waivers from a table of finding ids to the exceptions that name them. */
    static FindingWaivers waivers(Map<String, ExceptionUse> byId) {
        return id -> Optional.ofNullable(byId.get(id));
    }

    static Finding onlyFinding(CheckResult result) {
        assertThat(result.findings()).as(result.detail()).hasSize(1);
        return result.findings().get(0);
    }

    static Finding findingById(CheckResult result, String id) {
        List<Finding> found = result.findings().stream()
                .filter(finding -> finding.id().equals(id))
                .toList();
        assertThat(found)
                .as("findings with id " + id + " in: " + result.detail())
                .hasSize(1);
        return found.get(0);
    }
}
