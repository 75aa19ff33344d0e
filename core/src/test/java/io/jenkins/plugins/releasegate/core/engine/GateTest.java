package io.jenkins.plugins.releasegate.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactDigests;
import io.jenkins.plugins.releasegate.core.artifact.ArtifactHasher;
import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import io.jenkins.plugins.releasegate.core.evidence.ArtifactContext;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFormat;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceVerifier;
import io.jenkins.plugins.releasegate.core.evidence.PendingCheck;
import io.jenkins.plugins.releasegate.core.policy.Policy;
import io.jenkins.plugins.releasegate.core.policy.PolicyReader;
import io.jenkins.plugins.releasegate.core.verdict.ArtifactReport;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import io.jenkins.plugins.releasegate.core.verdict.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole gate over the bundled example release, whose signatures openssl made, and over copies of it that the
 * tests break in one way each.
 */
class GateTest {

    private static final Path EXAMPLES =
            Path.of("..", "examples").toAbsolutePath().normalize();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-06-01T12:00:00Z"), ZoneOffset.UTC);
    private static final String APP = "app-1.0.jar";
    private static final String TOOL = "report-tool-1.0.jar";

    @TempDir
    Path folder;

    private Path release;

    @BeforeEach
    void copyTheExampleRelease() throws IOException {
        release = Files.createDirectories(folder.resolve("release"));
        try (Stream<Path> files = Files.list(EXAMPLES.resolve("release"))) {
            for (Path file : files.toList()) {
                Files.copy(file, release.resolve(file.getFileName()));
            }
        }
    }

    @Test
    void passesTheCompleteArtifactAndNamesEveryReasonTheOtherFails() throws Exception {
        GateReport report = gate(examplePolicy(""));

        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.artifacts())
                .extracting(ArtifactReport::path, ArtifactReport::verdict)
                .containsExactly(tuple("release/" + APP, Verdict.PASS), tuple("release/" + TOOL, Verdict.FAIL));
        assertThat(artifact(report, TOOL).checks())
                .extracting(CheckResult::check, CheckResult::status, CheckResult::code)
                .containsExactly(
                        tuple(Check.SIGNATURE, Status.PASS, Code.SIGNATURE_VALID),
                        tuple(Check.SBOM, Status.FAIL, Code.SBOM_DIGEST_MISMATCH),
                        tuple(Check.SCAN, Status.FAIL, Code.SCAN_FINDINGS_OVER_THRESHOLD));
        CheckResult signature = check(report, APP, Check.SIGNATURE);
        assertThat(signature.facts()).containsKeys("signer", "certificateSha256");
        assertThat(signature.evidence()).isEqualTo("release/" + APP + ".p7s");
        assertThat(report.policySha256()).hasSize(64);
    }

    @Test
    void aChangedArtifactFailsEveryCheckThatStatesItsDigest() throws Exception {
        Files.writeString(release.resolve(APP), "tampered", StandardOpenOption.APPEND);

        GateReport report = gate(examplePolicy(""));

        assertThat(artifact(report, APP).checks())
                .extracting(CheckResult::code)
                .containsExactly(Code.SIGNATURE_CONTENT_MISMATCH, Code.SBOM_DIGEST_MISMATCH, Code.SCAN_DIGEST_MISMATCH);
    }

    @Test
    void anArtifactWithoutEvidenceIsMissingEveryCheck() throws Exception {
        Files.writeString(release.resolve("bare-1.0.jar"), "no evidence at all");

        GateReport report = gate(examplePolicy(""));

        assertThat(artifact(report, "bare-1.0.jar").checks())
                .extracting(CheckResult::status, CheckResult::code)
                .containsExactly(
                        tuple(Status.MISSING, Code.SIGNATURE_MISSING),
                        tuple(Status.MISSING, Code.SBOM_MISSING),
                        tuple(Status.MISSING, Code.SCAN_MISSING));
        assertThat(check(report, "bare-1.0.jar", Check.SBOM).detail())
                .contains("bare-1.0.jar.cdx.json", "bare-1.0.jar.spdx.json");
    }

    @Test
    void anExceptionInForceWaivesAWholeCheckAndTheArtifactPasses() throws Exception {
        Files.delete(release.resolve(APP + ".p7s"));

        GateReport report = gate(examplePolicy("""
                  - id: EX-9
                    artifact: "app-*.jar"
                    waive: signature
                    reason: Signed by the vendor
                    owner: security@example.com
                    expires: 2030-06-01
                """));

        CheckResult signature = check(report, APP, Check.SIGNATURE);
        assertThat(signature.status()).isEqualTo(Status.WAIVED);
        assertThat(signature.code()).isEqualTo(Code.SIGNATURE_MISSING);
        assertThat(signature.exceptions()).extracting("id").containsExactly("EX-9");
        assertThat(artifact(report, APP).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void anExpiredExceptionWaivesNothing() throws Exception {
        Files.delete(release.resolve(APP + ".p7s"));

        GateReport report = gate(examplePolicy("""
                  - id: EX-9
                    waive: signature
                    reason: Signed by the vendor
                    owner: security@example.com
                    expires: 2030-05-31
                """));

        CheckResult signature = check(report, APP, Check.SIGNATURE);
        assertThat(signature.status()).isEqualTo(Status.MISSING);
        assertThat(signature.detail()).contains("EX-9 expired on 2030-05-31");
        assertThat(artifact(report, APP).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void checksEvidenceThatIsPresentEvenWhenItsCheckIsOptional() throws Exception {
        Files.write(release.resolve(APP + ".p7s"), new byte[] {0x30, 0x03, 0x02, 0x01, 0x01});
        Files.delete(release.resolve(TOOL + ".p7s"));
        String optional = Files.readString(EXAMPLES.resolve("policy.yaml"))
                .replace("signature:\n  required: true", "signature:\n  required: false");

        GateReport report = gate(policy(optional));

        assertThat(check(report, APP, Check.SIGNATURE).code()).isEqualTo(Code.SIGNATURE_MALFORMED);
        assertThat(check(report, TOOL, Check.SIGNATURE))
                .extracting(CheckResult::status, CheckResult::code)
                .containsExactly(Status.PASS, Code.SIGNATURE_NOT_REQUIRED);
    }

    @Test
    void everyPieceOfEvidenceMustHold() throws Exception {
        Files.writeString(release.resolve(APP + ".sig"), "<html>not a signature</html>");

        GateReport report = gate(examplePolicy(""));

        CheckResult signature = check(report, APP, Check.SIGNATURE);
        assertThat(signature.code()).isEqualTo(Code.SIGNATURE_UNKNOWN_FORMAT);
        assertThat(signature.evidence()).isEqualTo("release/" + APP + ".sig");
    }

    @Test
    void evidenceThatNoVerifierCanCheckFailsRatherThanBeingIgnored() throws Exception {
        Gate withoutVerifiers = new Gate(examplePolicy(""), Map.of(), CLOCK);

        GateReport report = withoutVerifiers.verify(List.of("release"), folder);

        assertThat(check(report, APP, Check.SIGNATURE).code()).isEqualTo(Code.EVIDENCE_FORMAT_UNSUPPORTED);
        assertThat(check(report, APP, Check.SBOM).code()).isEqualTo(Code.EVIDENCE_FORMAT_UNSUPPORTED);
    }

    @Test
    void everySignatureFormatPresentIsCheckedBesideTheCmsOne() throws Exception {
        Files.writeString(
                release.resolve(APP + ".asc"), "-----BEGIN PGP SIGNATURE-----\n\niQEz\n-----END PGP SIGNATURE-----\n");
        String anyFormat =
                Files.readString(EXAMPLES.resolve("policy.yaml")).replace("formats: [cms]", "formats: [cms, openpgp]");

        GateReport report = gate(policy(anyFormat));

        CheckResult signature = check(report, APP, Check.SIGNATURE);
        assertThat(signature.code()).isIn(Code.SIGNATURE_MALFORMED, Code.SIGNATURE_NO_TRUST_ANCHORS);
        assertThat(signature.evidence()).isEqualTo("release/" + APP + ".asc");
    }

    @Test
    void evidenceInAFormatThePolicyRefusesFails() throws Exception {
        String pgpOnly =
                Files.readString(EXAMPLES.resolve("policy.yaml")).replace("formats: [cms]", "formats: [openpgp]");

        GateReport report = gate(policy(pgpOnly));

        assertThat(check(report, APP, Check.SIGNATURE).code()).isEqualTo(Code.SIGNATURE_FORMAT_NOT_ALLOWED);
    }

    @Test
    void checksManyArtifactsInParallelAndReportsThemInPathOrder() throws Exception {
        Files.delete(release.resolve(TOOL));
        for (int i = 0; i < 24; i++) {
            for (String suffix : List.of("", ".p7s", ".cdx.json", ".sarif")) {
                Files.copy(release.resolve(APP + suffix), release.resolve("app-copy-" + i + ".jar" + suffix));
            }
        }

        GateReport report = gate(examplePolicy(""));

        assertThat(report.artifacts())
                .hasSize(25)
                .allSatisfy(artifact ->
                        assertThat(artifact.verdict()).as(artifact.path()).isEqualTo(Verdict.PASS));
        List<String> paths =
                report.artifacts().stream().map(ArtifactReport::path).toList();
        assertThat(paths).isSorted();
    }

    @Test
    void aRunThatFindsNoArtifactFails() throws Exception {
        Path empty = Files.createDirectories(folder.resolve("empty"));

        GateReport report = GateFactory.create(examplePolicy(""), CLOCK).verify(List.of("empty"), folder);

        assertThat(empty).isEmptyDirectory();
        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.notes()).singleElement().asString().contains("nothing was gated");
    }

    @Test
    void refusesAnArtifactLinkThatLeadsOutsideTheGatedFolderWithoutReadingOrQuotingIt() throws Exception {
        Path outside = Files.createDirectories(folder.resolve("private"));
        Path secret = Files.writeString(outside.resolve("secret.jar"), "TOP SECRET CONTENT");
        Files.createSymbolicLink(release.resolve("evil.jar"), secret);
        Files.createSymbolicLink(release.resolve("inside.jar"), release.resolve(APP));

        GateReport report = gate(examplePolicy(""));

        assertThat(artifact(report, "evil.jar").checks())
                .extracting(CheckResult::code)
                .containsOnly(Code.ARTIFACT_UNSAFE_PATH);
        assertThat(artifact(report, "evil.jar").sha256()).isNull();
        assertThat(check(report, "inside.jar", Check.SIGNATURE).code()).isEqualTo(Code.SIGNATURE_MISSING);
        String json = json(report);
        assertThat(json).doesNotContain("TOP SECRET", "private", secret.toString());
    }

    @Test
    @org.junit.jupiter.api.Timeout(60)
    void refusesAFifoAsArtifactOrEvidenceWithoutOpeningIt() throws Exception {
        mkfifo(release.resolve("pipe.jar"));
        Files.delete(release.resolve(APP + ".sarif"));
        mkfifo(release.resolve(APP + ".sarif"));

        GateReport report = gate(examplePolicy(""));

        assertThat(artifact(report, "pipe.jar").checks())
                .extracting(CheckResult::code)
                .containsOnly(Code.ARTIFACT_NOT_REGULAR);
        assertThat(check(report, APP, Check.SCAN).code()).isEqualTo(Code.EVIDENCE_UNSAFE_PATH);
    }

    @Test
    void refusesEvidenceThatLinksOutsideTheGatedFolder() throws Exception {
        Path outside = Files.createDirectories(folder.resolve("elsewhere"));
        Path sarif = Files.copy(release.resolve(APP + ".sarif"), outside.resolve("scan.sarif"));
        Files.delete(release.resolve(APP + ".sarif"));
        Files.createSymbolicLink(release.resolve(APP + ".sarif"), sarif);

        GateReport report = gate(examplePolicy(""));

        CheckResult scan = check(report, APP, Check.SCAN);
        assertThat(scan.code()).isEqualTo(Code.EVIDENCE_UNSAFE_PATH);
        assertThat(scan.detail()).doesNotContain("elsewhere");
    }

    @Test
    void failsAnArtifactThatChangesWhileTheGateReadsIt() throws Exception {
        // Another process appends to the artifact between its hashing and the end of the gate.
        GateReport report =
                gateWhile(() -> Files.writeString(release.resolve(APP), "appended", StandardOpenOption.APPEND));

        assertThat(report.artifacts().get(0).checks())
                .extracting(CheckResult::code)
                .containsOnly(Code.ARTIFACT_CHANGED);
        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void failsAnArtifactThatIsDeletedWhileTheGateReadsIt() throws Exception {
        GateReport report = gateWhile(() -> Files.delete(release.resolve(APP)));

        ArtifactReport artifact = report.artifacts().get(0);
        assertThat(artifact.checks()).extracting(CheckResult::code).containsOnly(Code.ARTIFACT_CHANGED);
        assertThat(artifact.checks().get(0).detail())
                .isEqualTo("release/" + APP + " was deleted or moved while the gate read it, so no verdict about it"
                        + " holds; gate it again once it is final.");
        assertThat(artifact.sha256()).isNull();
        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void failsASameSizeRewriteWhoseModificationTimeIsSetBack() throws Exception {
        Path app = release.resolve(APP);
        String before = sha256(app);
        FileTime modified = Files.getLastModifiedTime(app);
        byte[] other = Files.readAllBytes(app);
        other[other.length / 2] ^= 1;

        // Size, modification time and inode stay as they were; only the content, and the change time, differ.
        GateReport report = gateWhile(() -> {
            Files.write(app, other);
            Files.setLastModifiedTime(app, modified);
        });

        ArtifactReport artifact = report.artifacts().get(0);
        assertThat(Files.size(app)).isEqualTo(other.length);
        assertThat(Files.getLastModifiedTime(app)).isEqualTo(modified);
        assertThat(artifact.checks()).extracting(CheckResult::code).containsOnly(Code.ARTIFACT_CHANGED);
        assertThat(artifact.checks().get(0).detail())
                .contains("release/" + APP + " changed while the gate read it")
                .contains("its SHA-256 was " + before + " when read and is " + sha256(app) + " now");
        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void keepsTheVerdictOfAnArtifactWhosePermissionsChangeWhileTheGateReadsIt() throws Exception {
        Path app = release.resolve(APP);

        // A chmod moves the change time, so the gate hashes the artifact again and finds the same bytes.
        GateReport report =
                gateWhile(() -> Files.setPosixFilePermissions(app, PosixFilePermissions.fromString("r--r--r--")));

        ArtifactReport artifact = report.artifacts().get(0);
        assertThat(artifact.checks()).extracting(CheckResult::code).containsOnly(Code.SIGNATURE_VALID);
        assertThat(artifact.sha256()).isEqualTo(sha256(app));
        assertThat(artifact.verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void gatesOnTheChecksAskedForOnlyAsSigningDoesBeforeItSigns() throws Exception {
        Files.delete(release.resolve(APP + ".p7s"));

        GateReport report = GateFactory.create(examplePolicy(""), CLOCK)
                .verify(List.of("release"), folder, Set.of(Check.SBOM, Check.SCAN));

        assertThat(artifact(report, APP).checks())
                .extracting(CheckResult::check)
                .containsExactly(Check.SBOM, Check.SCAN);
        assertThat(artifact(report, APP).verdict()).isEqualTo(Verdict.PASS);
        assertThat(artifact(report, TOOL).verdict()).isEqualTo(Verdict.FAIL);
    }

    @Test
    void demandsTheScanKindsThePolicyRequires() throws Exception {
        String text = Files.readString(EXAMPLES.resolve("policy.yaml"))
                .replace(
                        "  failOn: high\n",
                        "  failOn: high\n  requiredKinds: [sast, secrets]\n  toolKinds:\n    Example Scanner: sast\n");

        GateReport report = gate(policy(text));

        CheckResult scan = check(report, APP, Check.SCAN);
        assertThat(scan.code()).isEqualTo(Code.SCAN_KIND_MISSING);
        assertThat(scan.detail()).contains("has no secrets scan", "Example Scanner (sast)");
    }

    private static void mkfifo(Path path) throws Exception {
        Process process =
                new ProcessBuilder("mkfifo", path.toString()).inheritIO().start();
        assertThat(process.waitFor()).as("mkfifo exit status").isZero();
    }

    private static String json(GateReport report) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        io.jenkins.plugins.releasegate.core.report.JsonReportWriter.write(report, out);
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    private GateReport gate(Policy policy) throws Exception {
        return GateFactory.create(policy, CLOCK).verify(List.of("release"), folder);
    }

    /** The example policy, trusting the example CA, with more exceptions after the example's own. */
    private Policy examplePolicy(String moreExceptions) throws Exception {
        String text = Files.readString(EXAMPLES.resolve("policy.yaml"));
        assertThat(text.strip())
                .as("the example policy ends with its exceptions")
                .endsWith("expires: 2099-12-31");
        return policy(text + moreExceptions);
    }

    private Policy policy(String text) throws Exception {
        Files.createDirectories(folder.resolve("trust"));
        Files.copy(
                EXAMPLES.resolve("trust/example-ca.pem"),
                folder.resolve("trust/example-ca.pem"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return PolicyReader.read(Files.writeString(folder.resolve("policy.yaml"), text));
    }

    private static ArtifactReport artifact(GateReport report, String name) {
        return report.artifacts().stream()
                .filter(artifact -> artifact.path().endsWith("/" + name))
                .findFirst()
                .orElseThrow();
    }

    private static CheckResult check(GateReport report, String name, Check check) {
        return artifact(report, name).checks().stream()
                .filter(result -> result.check() == check)
                .findFirst()
                .orElseThrow();
    }

    /** Something another process does to the release while the gate reads it. */
    private interface Meddling {
        void run() throws IOException;
    }

    /**
     * Gates the example artifact on its signature alone, with a signature check that does {@code meddling} after the
     * artifact was hashed and then passes.
     */
    private GateReport gateWhile(Meddling meddling) throws Exception {
        EvidenceVerifier meddlingVerifier = new EvidenceVerifier() {
            @Override
            public Check check() {
                return Check.SIGNATURE;
            }

            @Override
            public PendingCheck read(EvidenceFile evidence, ArtifactContext artifact) {
                return new PendingCheck() {
                    @Override
                    public Set<DigestAlgorithm> digestsNeeded() {
                        return Set.of();
                    }

                    @Override
                    public CheckResult complete(ArtifactDigests digests) {
                        try {
                            meddling.run();
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                        return CheckResult.pass(Check.SIGNATURE, Code.SIGNATURE_VALID, "x", "Signed.", Map.of());
                    }
                };
            }
        };
        Gate gate = new Gate(examplePolicy(""), Map.of(EvidenceFormat.CMS, meddlingVerifier), CLOCK);
        return gate.verify(List.of("release/" + APP), folder, Set.of(Check.SIGNATURE));
    }

    private static String sha256(Path file) throws IOException {
        return ArtifactHasher.digest(file, Set.of()).sha256();
    }
}
