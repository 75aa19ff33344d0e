package io.jenkins.plugins.releasegate.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.jenkins.plugins.releasegate.core.verdict.Severity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PolicyFloorTest {

    private static final PolicyExceptionRule EX_7 = new PolicyExceptionRule(
            "EX-7",
            "legacy-*.jar",
            "signature",
            "Vendor jar, re-signed upstream from Q1",
            "platform-security@example.com",
            "SEC-1234",
            LocalDate.of(2027, 1, 31));

    @TempDir
    Path folder;

    @Test
    void acceptsThePipelinesPolicyWhenItEqualsTheFloor() throws Exception {
        Policy floor = Policy.defaults();

        assertThat(PolicyFloor.tighten(floor, Policy.defaults())).isEqualTo(floor);
    }

    @Test
    void modeEnforceCannotBecomeAudit() {
        assertThat(loosenings(Policy.defaults(), withMode(Mode.AUDIT)))
                .containsExactly("mode: the global policy enforces, the pipeline's policy only audits");
    }

    @Test
    void modeAuditMayBecomeEnforce() throws Exception {
        Policy effective = PolicyFloor.tighten(withMode(Mode.AUDIT), withMode(Mode.ENFORCE));

        assertThat(effective.mode()).isEqualTo(Mode.ENFORCE);
    }

    @Test
    void requiredChecksCannotBecomeOptional() {
        Policy pipeline = new Policy(
                Mode.ENFORCE,
                ArtifactPatterns.defaults(),
                signature(false, Set.of(SignatureFormat.values()), TrustSources.none(), true, List.of()),
                new SbomPolicy(false, Set.of(SbomFormat.values()), Binding.NAME, List.of()),
                scan(false, Severity.HIGH, Optional.empty(), Set.of(), Map.of()),
                List.of());

        assertThat(loosenings(Policy.defaults(), pipeline))
                .containsExactly(
                        "signature.required: the global policy requires a signature, the pipeline's policy does not",
                        "sbom.required: the global policy requires an SBOM, the pipeline's policy does not",
                        "scan.required: the global policy requires a scan, the pipeline's policy does not");
    }

    @Test
    void optionalChecksMayBecomeRequired() throws Exception {
        Policy floor = new Policy(
                Mode.ENFORCE,
                ArtifactPatterns.defaults(),
                signature(false, Set.of(SignatureFormat.values()), TrustSources.none(), true, List.of()),
                new SbomPolicy(false, Set.of(SbomFormat.values()), Binding.NAME, List.of()),
                scan(false, Severity.HIGH, Optional.empty(), Set.of(), Map.of()),
                List.of());

        Policy effective = PolicyFloor.tighten(floor, Policy.defaults());

        assertThat(effective.signature().required()).isTrue();
        assertThat(effective.sbom().required()).isTrue();
        assertThat(effective.scan().required()).isTrue();
    }

    @Test
    void formatsMayOnlyNarrow() throws Exception {
        Policy floor =
                withSignature(signature(true, Set.of(SignatureFormat.CMS), TrustSources.none(), true, List.of()));
        Policy wider = withSignature(signature(
                true, Set.of(SignatureFormat.CMS, SignatureFormat.OPENPGP), TrustSources.none(), true, List.of()));

        assertThat(loosenings(floor, wider))
                .containsExactly(
                        "signature.formats: the global policy accepts cms, the pipeline's policy also openpgp");
        assertThat(PolicyFloor.tighten(Policy.defaults(), floor).signature().formats())
                .containsExactly(SignatureFormat.CMS);
    }

    @Test
    void sbomAndScanFormatsMayOnlyNarrow() throws Exception {
        Policy floor = new Policy(
                Mode.ENFORCE,
                ArtifactPatterns.defaults(),
                SignaturePolicy.defaults(),
                new SbomPolicy(true, Set.of(SbomFormat.CYCLONEDX), Binding.NAME, List.of()),
                new ScanPolicy(true, Set.of(ScanFormat.SARIF), Severity.HIGH, Optional.empty(), List.of()),
                List.of());

        assertThat(loosenings(floor, Policy.defaults()))
                .containsExactly(
                        "sbom.formats: the global policy accepts cyclonedx, the pipeline's policy also spdx",
                        "scan.formats: the global policy accepts sarif, the pipeline's policy also dependency-check,"
                                + " grype, trivy");
        assertThat(PolicyFloor.tighten(Policy.defaults(), floor).scan().formats())
                .containsExactly(ScanFormat.SARIF);
    }

    @Test
    void codeSigningCannotBeTurnedOff() {
        Policy pipeline =
                withSignature(signature(true, Set.of(SignatureFormat.values()), TrustSources.none(), false, List.of()));

        assertThat(loosenings(Policy.defaults(), pipeline))
                .containsExactly("signature.codeSigning: the global policy demands a code-signing certificate, the"
                        + " pipeline's policy does not");
    }

    @Test
    void oneTrustedSignerCannotBeMadeEnoughWhereEverySignerMustBeTrusted() {
        assertThat(loosenings(withSigners(Signers.ALL), withSigners(Signers.ANY)))
                .containsExactly("signature.signers: the global policy needs every signer of a signature trusted"
                        + " (all), the pipeline's policy any one of them (any)");
    }

    @Test
    void everySignerMayBeRequiredTrustedWhereOneIsEnough() throws Exception {
        assertThat(PolicyFloor.tighten(withSigners(Signers.ANY), withSigners(Signers.ALL))
                        .signature()
                        .signers())
                .isEqualTo(Signers.ALL);
        assertThat(PolicyFloor.tighten(withSigners(Signers.ANY), withSigners(Signers.ANY))
                        .signature()
                        .signers())
                .isEqualTo(Signers.ANY);
    }

    @Test
    void codeSigningMayBeTurnedOn() throws Exception {
        Policy floor =
                withSignature(signature(true, Set.of(SignatureFormat.values()), TrustSources.none(), false, List.of()));

        assertThat(PolicyFloor.tighten(floor, Policy.defaults()).signature().codeSigning())
                .isTrue();
    }

    @Test
    void digestBindingCannotBecomeNameBinding() throws Exception {
        Policy digest = withSbom(new SbomPolicy(true, Set.of(SbomFormat.values()), Binding.DIGEST, List.of()));

        assertThat(loosenings(digest, Policy.defaults()))
                .containsExactly("sbom.binding: the global policy binds by digest, the pipeline's policy by name");
        assertThat(PolicyFloor.tighten(Policy.defaults(), digest).sbom().binding())
                .isEqualTo(Binding.DIGEST);
    }

    @Test
    void failOnMayOnlyMoveToTheSameOrALowerSeverity() throws Exception {
        Policy high = withScan(scan(true, Severity.HIGH, Optional.empty(), Set.of(), Map.of()));
        Policy critical = withScan(scan(true, Severity.CRITICAL, Optional.empty(), Set.of(), Map.of()));
        Policy medium = withScan(scan(true, Severity.MEDIUM, Optional.empty(), Set.of(), Map.of()));

        assertThat(loosenings(high, critical))
                .containsExactly("scan.failOn: the global policy fails on high, the pipeline's policy on critical");
        assertThat(PolicyFloor.tighten(high, medium).scan().failOn()).isEqualTo(Severity.MEDIUM);
        assertThat(PolicyFloor.tighten(high, high).scan().failOn()).isEqualTo(Severity.HIGH);
    }

    @Test
    void failOnNoneIsTheLoosestThreshold() throws Exception {
        Policy none = withScan(scan(true, Severity.NONE, Optional.empty(), Set.of(), Map.of()));
        Policy critical = withScan(scan(true, Severity.CRITICAL, Optional.empty(), Set.of(), Map.of()));

        assertThat(loosenings(critical, none))
                .containsExactly(
                        "scan.failOn: the global policy fails on critical, the pipeline's policy on no finding (none)");
        assertThat(PolicyFloor.tighten(none, critical).scan().failOn()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void maxAgeMayOnlyShorten() throws Exception {
        Policy week = withScan(scan(true, Severity.HIGH, Optional.of(Duration.ofDays(7)), Set.of(), Map.of()));
        Policy month = withScan(scan(true, Severity.HIGH, Optional.of(Duration.ofDays(30)), Set.of(), Map.of()));
        Policy hours = withScan(scan(true, Severity.HIGH, Optional.of(Duration.ofHours(12)), Set.of(), Map.of()));

        assertThat(loosenings(week, month))
                .containsExactly("scan.maxAge: the global policy accepts scans up to 7d old, the pipeline's policy up"
                        + " to 30d");
        assertThat(PolicyFloor.tighten(week, hours).scan().maxAge()).contains(Duration.ofHours(12));
    }

    @Test
    void maxAgeCannotBeRemovedWhenTheFloorSetsOne() throws Exception {
        Policy week = withScan(scan(true, Severity.HIGH, Optional.of(Duration.ofDays(7)), Set.of(), Map.of()));

        assertThat(loosenings(week, Policy.defaults()))
                .containsExactly("scan.maxAge: the global policy accepts scans up to 7d old, the pipeline's policy"
                        + " sets no limit");
        assertThat(PolicyFloor.tighten(Policy.defaults(), week).scan().maxAge()).contains(Duration.ofDays(7));
    }

    @Test
    void requiredKindsMayOnlyGrow() throws Exception {
        Policy sca = withScan(scan(true, Severity.HIGH, Optional.empty(), Set.of(ScanKind.SCA), Map.of()));
        Policy scaAndSast =
                withScan(scan(true, Severity.HIGH, Optional.empty(), Set.of(ScanKind.SCA, ScanKind.SAST), Map.of()));

        assertThat(loosenings(scaAndSast, sca))
                .containsExactly("scan.requiredKinds: the global policy requires sast, sca, the pipeline's policy drops"
                        + " sast");
        assertThat(PolicyFloor.tighten(sca, scaAndSast).scan().requiredKinds())
                .containsExactlyInAnyOrder(ScanKind.SCA, ScanKind.SAST);
    }

    @Test
    void toolKindsMayNotAddOrChangeMappings() throws Exception {
        Policy floor = withScan(
                scan(true, Severity.HIGH, Optional.empty(), Set.of(ScanKind.SAST), Map.of("Acme Scan", ScanKind.SAST)));
        Policy pipeline = withScan(scan(
                true,
                Severity.HIGH,
                Optional.empty(),
                Set.of(ScanKind.SAST),
                Map.of("Acme Scan", ScanKind.SCA, "Homegrown", ScanKind.SAST)));

        assertThat(loosenings(floor, pipeline))
                .containsExactly(
                        "scan.toolKinds: the global policy makes \"Acme Scan\" sast, the pipeline's policy sca",
                        "scan.toolKinds: the global policy gives \"Homegrown\" no kind, the pipeline's policy makes it"
                                + " sast");
    }

    @Test
    void toolKindsMayRepeatOrDropTheFloorsMappings() throws Exception {
        Policy floor = withScan(scan(
                true,
                Severity.HIGH,
                Optional.empty(),
                Set.of(),
                Map.of("Acme Scan", ScanKind.SAST, "Homegrown", ScanKind.SCA)));
        Policy pipeline =
                withScan(scan(true, Severity.HIGH, Optional.empty(), Set.of(), Map.of("Acme Scan", ScanKind.SAST)));

        assertThat(PolicyFloor.tighten(floor, pipeline).scan().toolKinds())
                .containsExactly(Map.entry("Acme Scan", ScanKind.SAST));
    }

    @Test
    void artifactExcludesMayNotBeAdded() throws Exception {
        Policy pipeline = withArtifacts(new ArtifactPatterns(List.of("**/*.jar"), List.of("**/legacy-*.jar")));

        assertThat(loosenings(Policy.defaults(), pipeline))
                .containsExactly("artifacts.exclude: the global policy excludes nothing, the pipeline's policy also"
                        + " **/legacy-*.jar");
    }

    @Test
    void artifactExcludesMayBeDroppedAndIncludesChanged() throws Exception {
        Policy floor = withArtifacts(new ArtifactPatterns(List.of("**/*.jar"), List.of("**/test-*.jar")));
        Policy pipeline = withArtifacts(new ArtifactPatterns(List.of("dist/**"), List.of()));

        Policy effective = PolicyFloor.tighten(floor, pipeline);

        assertThat(effective.artifacts()).isEqualTo(pipeline.artifacts());
    }

    @Test
    void evidencePatternsOfTheFloorCannotBeDropped() throws Exception {
        Policy floor = withSignature(signature(
                true, Set.of(SignatureFormat.values()), TrustSources.none(), true, List.of("sigs/{artifact}.p7s")));

        assertThat(loosenings(floor, Policy.defaults()))
                .containsExactly("signature.evidence: the global policy also looks for sigs/{artifact}.p7s, the"
                        + " pipeline's policy does not look for sigs/{artifact}.p7s");
        assertThat(PolicyFloor.tighten(Policy.defaults(), floor).signature().evidence())
                .containsExactly("sigs/{artifact}.p7s");
    }

    @Test
    void thePipelineMayNotAddExceptions() {
        Policy pipeline = withExceptions(List.of(EX_7));

        assertThat(loosenings(Policy.defaults(), pipeline))
                .containsExactly("exceptions: the global policy grants no exception EX-7, the pipeline's policy grants"
                        + " it, but only administrators grant exceptions");
    }

    @Test
    void thePipelineMayNotChangeAnException() {
        PolicyExceptionRule longer = new PolicyExceptionRule(
                EX_7.id(),
                EX_7.artifact(),
                EX_7.waive(),
                EX_7.reason(),
                EX_7.owner(),
                EX_7.ticket(),
                LocalDate.of(2099, 12, 31));

        assertThat(loosenings(withExceptions(List.of(EX_7)), withExceptions(List.of(longer))))
                .containsExactly("exceptions: the global policy grants EX-7 with expires 2027-01-31, the pipeline's"
                        + " policy with expires 2099-12-31, but only administrators grant exceptions");
    }

    @Test
    void theFloorsExceptionsApplyWhenThePipelineNamesNoneAndOnlyThoseItRepeatsWhenItNamesSome() throws Exception {
        PolicyExceptionRule other = new PolicyExceptionRule(
                "EX-8", "**", "finding:CVE-2021-44228", "Not reachable", "sec@example.com", null, EX_7.expires());
        Policy floor = withExceptions(List.of(EX_7, other));

        assertThat(PolicyFloor.tighten(floor, Policy.defaults()).exceptions()).containsExactly(EX_7, other);
        assertThat(PolicyFloor.tighten(floor, withExceptions(List.of(other))).exceptions())
                .containsExactly(other);
    }

    @Test
    void thePipelinesTrustAnchorsAreUsedWhenTheFloorNamesNone() throws Exception {
        Path anchor = write("pipeline-ca.pem", "pipeline CA");
        Policy pipeline = withTrust(TrustSources.ofFiles(List.of(anchor), List.of(), List.of()));

        assertThat(PolicyFloor.tighten(Policy.defaults(), pipeline)
                        .signature()
                        .trust()
                        .certificates())
                .containsExactly(TrustAnchor.file(anchor));
    }

    @Test
    void thePipelineMayNameASubsetOfTheFloorsAnchorsComparedByContent() throws Exception {
        Path releaseCa = write("global/release-ca.pem", "release CA");
        Path otherCa = write("global/other-ca.pem", "other CA");
        Path sameContent = write("pipeline/trust/ca.pem", "release CA");
        Policy floor = withTrust(TrustSources.ofFiles(List.of(releaseCa, otherCa), List.of(), List.of()));
        Policy pipeline = withTrust(TrustSources.ofFiles(List.of(sameContent), List.of(), List.of()));

        assertThat(PolicyFloor.tighten(floor, pipeline).signature().trust().certificates())
                .containsExactly(TrustAnchor.file(sameContent));
    }

    @Test
    void thePipelineMayNotTrustAnAnchorTheFloorDoesNot() throws Exception {
        Path releaseCa = write("global/release-ca.pem", "release CA");
        Path ownCa = write("pipeline/own-ca.pem", "own CA");
        Policy floor = withTrust(TrustSources.ofFiles(List.of(releaseCa), List.of(), List.of()));
        Policy pipeline = withTrust(TrustSources.ofFiles(List.of(releaseCa, ownCa), List.of(), List.of()));

        assertThat(loosenings(floor, pipeline))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("signature.trust.certificates: the global policy does not trust " + ownCa + " (SHA-256 ")
                .endsWith("), the pipeline's policy does");
    }

    @Test
    void anUnreadablePipelineAnchorCannotBeShownToBeTrusted() throws Exception {
        Path releaseCa = write("global/release-ca.pem", "release CA");
        Path missing = folder.resolve("pipeline/missing.pem");
        Policy floor = withTrust(TrustSources.ofFiles(List.of(releaseCa), List.of(), List.of()));

        assertThat(loosenings(floor, withTrust(TrustSources.ofFiles(List.of(missing), List.of(), List.of()))))
                .containsExactly("signature.trust.certificates: the pipeline's policy names " + missing
                        + ", which cannot be read, so it cannot be shown to be one the global policy trusts");
    }

    @Test
    void theFloorsAnchorsApplyWhenThePipelineNamesNone() throws Exception {
        Path releaseKey = write("global/release.asc", "release key");
        Policy floor = withTrust(TrustSources.ofFiles(List.of(), List.of(releaseKey), List.of()));

        assertThat(PolicyFloor.tighten(floor, Policy.defaults())
                        .signature()
                        .trust()
                        .openpgpKeys())
                .containsExactly(TrustAnchor.file(releaseKey));
    }

    @Test
    void namesEveryLooseningAtOnce() {
        Policy pipeline = new Policy(
                Mode.AUDIT,
                ArtifactPatterns.defaults(),
                SignaturePolicy.defaults(),
                SbomPolicy.defaults(),
                scan(true, Severity.CRITICAL, Optional.empty(), Set.of(), Map.of()),
                List.of());

        PolicyFloor.LoosenedException loosened = catchThrowableOfType(
                PolicyFloor.LoosenedException.class, () -> PolicyFloor.tighten(Policy.defaults(), pipeline));

        assertThat(loosened.loosenings()).hasSize(2);
        assertThat(loosened.getMessage())
                .isEqualTo("The pipeline's policy tries to loosen the global policy: mode: the global policy enforces,"
                        + " the pipeline's policy only audits; scan.failOn: the global policy fails on high, the"
                        + " pipeline's policy on critical.");
    }

    private static List<String> loosenings(Policy floor, Policy pipeline) {
        PolicyFloor.LoosenedException loosened =
                catchThrowableOfType(PolicyFloor.LoosenedException.class, () -> PolicyFloor.tighten(floor, pipeline));
        assertThat(loosened).as("the pipeline's policy loosens the floor").isNotNull();
        return loosened.loosenings();
    }

    private Path write(String name, String content) throws IOException {
        Path file = folder.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static SignaturePolicy signature(
            boolean required,
            Set<SignatureFormat> formats,
            TrustSources trust,
            boolean codeSigning,
            List<String> evidence) {
        return new SignaturePolicy(required, formats, trust, codeSigning, Signers.ALL, evidence);
    }

    private static Policy withSigners(Signers signers) {
        SignaturePolicy d = SignaturePolicy.defaults();
        return withSignature(
                new SignaturePolicy(d.required(), d.formats(), d.trust(), d.codeSigning(), signers, d.evidence()));
    }

    private static ScanPolicy scan(
            boolean required,
            Severity failOn,
            Optional<Duration> maxAge,
            Set<ScanKind> requiredKinds,
            Map<String, ScanKind> toolKinds) {
        return new ScanPolicy(
                required, Set.of(ScanFormat.values()), failOn, maxAge, List.of(), requiredKinds, toolKinds);
    }

    private static Policy withMode(Mode mode) {
        Policy d = Policy.defaults();
        return new Policy(mode, d.artifacts(), d.signature(), d.sbom(), d.scan(), d.exceptions());
    }

    private static Policy withArtifacts(ArtifactPatterns artifacts) {
        Policy d = Policy.defaults();
        return new Policy(d.mode(), artifacts, d.signature(), d.sbom(), d.scan(), d.exceptions());
    }

    private static Policy withSignature(SignaturePolicy signature) {
        Policy d = Policy.defaults();
        return new Policy(d.mode(), d.artifacts(), signature, d.sbom(), d.scan(), d.exceptions());
    }

    private static Policy withTrust(TrustSources trust) {
        return withSignature(signature(true, Set.of(SignatureFormat.values()), trust, true, List.of()));
    }

    private static Policy withSbom(SbomPolicy sbom) {
        Policy d = Policy.defaults();
        return new Policy(d.mode(), d.artifacts(), d.signature(), sbom, d.scan(), d.exceptions());
    }

    private static Policy withScan(ScanPolicy scan) {
        Policy d = Policy.defaults();
        return new Policy(d.mode(), d.artifacts(), d.signature(), d.sbom(), scan, d.exceptions());
    }

    private static Policy withExceptions(List<PolicyExceptionRule> exceptions) {
        Policy d = Policy.defaults();
        return new Policy(d.mode(), d.artifacts(), d.signature(), d.sbom(), d.scan(), exceptions);
    }
}
