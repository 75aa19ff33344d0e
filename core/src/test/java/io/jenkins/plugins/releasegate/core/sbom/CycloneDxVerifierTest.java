package io.jenkins.plugins.releasegate.core.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactHasher;
import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import io.jenkins.plugins.releasegate.core.evidence.ArtifactContext;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.FindingWaivers;
import io.jenkins.plugins.releasegate.core.evidence.PendingCheck;
import io.jenkins.plugins.releasegate.core.policy.Binding;
import io.jenkins.plugins.releasegate.core.policy.SbomFormat;
import io.jenkins.plugins.releasegate.core.policy.SbomPolicy;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CycloneDxVerifierTest {

    private static final SbomPolicy NAME_BINDING = SbomPolicy.defaults();
    private static final SbomPolicy DIGEST_BINDING =
            new SbomPolicy(true, Set.of(SbomFormat.values()), Binding.DIGEST, List.of());

    @TempDir
    Path dir;

    private Path artifact;
    private ArtifactContext context;

    @BeforeEach
    void writeArtifact() throws IOException {
        byte[] content = new byte[4096];
        new SecureRandom().nextBytes(content);
        artifact = Files.write(dir.resolve("app-1.2.0.jar"), content);
        context = new ArtifactContext("dist/app-1.2.0.jar", "app-1.2.0.jar", FindingWaivers.none());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.4", "1.5", "1.6"})
    void acceptsJsonSbomThatStatesTheArtifactsSha256(String specVersion) {
        Path sbom = write(
                "sbom.json",
                sample().specVersion(specVersion)
                        .hash("SHA-256", hex("SHA-256"))
                        .json());

        CheckResult result = verify(NAME_BINDING, sbom);

        assertThat(result.status()).isEqualTo(Status.PASS);
        assertThat(result.code()).isEqualTo(Code.SBOM_VALID);
        assertThat(result.check()).isEqualTo(Check.SBOM);
        assertThat(result.evidence()).isEqualTo("sbom.json");
        assertThat(result.facts())
                .containsEntry("format", "CycloneDX " + specVersion + " JSON")
                .containsEntry("specVersion", specVersion)
                .containsEntry("components", "3")
                .containsEntry("boundBy", "SHA-256 digest")
                .containsEntry("serialNumber", SbomSample.SERIAL_NUMBER);
        assertThat(result.detail()).contains("sbom.json", "app-1.2.0.jar", "SHA-256");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.4", "1.5", "1.6"})
    void acceptsXmlSbomThatStatesTheArtifactsSha256(String specVersion) {
        Path sbom = write(
                "sbom.xml",
                sample().specVersion(specVersion)
                        .hash("SHA-256", hex("SHA-256"))
                        .xml());

        CheckResult result = verify(NAME_BINDING, sbom);

        assertThat(result.code()).isEqualTo(Code.SBOM_VALID);
        assertThat(result.facts())
                .containsEntry("format", "CycloneDX " + specVersion + " XML")
                .containsEntry("specVersion", specVersion)
                .containsEntry("components", "3")
                .containsEntry("boundBy", "SHA-256 digest")
                .containsEntry("serialNumber", SbomSample.SERIAL_NUMBER);
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "xml"})
    void bindsByDigestWhenTheSbomStatesTheArtifactsSha512(String encoding) {
        Path sbom = write("sbom." + encoding, render(sample().hash("SHA-512", hex("SHA-512")), encoding));

        PendingCheck pending = new CycloneDxVerifier(DIGEST_BINDING).read(evidence(sbom), context);
        CheckResult result = complete(pending);

        assertThat(pending.digestsNeeded()).containsExactly(DigestAlgorithm.SHA_512);
        assertThat(result.code()).isEqualTo(Code.SBOM_VALID);
        assertThat(result.facts()).containsEntry("boundBy", "SHA-512 digest");
    }

    @ParameterizedTest
    @ValueSource(strings = {"json", "xml"})
    void rejectsSbomWhoseSha256IsNotTheArtifacts(String encoding) {
        String other = "ab".repeat(32);
        Path sbom = write("app-1.2.0.jar.cdx." + encoding, render(sample().hash("SHA-256", other), encoding));

        CheckResult result = verify(NAME_BINDING, sbom);

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.code()).isEqualTo(Code.SBOM_DIGEST_MISMATCH);
        assertThat(result.detail()).contains(other, hex("SHA-256"), "app-1.2.0.jar");
        assertThat(result.facts()).containsEntry("specVersion", "1.6");
    }

    @Test
    void rejectsSbomWhoseSha512DiffersEvenThoughItsSha256Matches() {
        String other = "cd".repeat(64);
        Path sbom = write(
                "sbom.json",
                sample().hash("SHA-256", hex("SHA-256")).hash("SHA-512", other).json());

        CheckResult result = verify(NAME_BINDING, sbom);

        assertThat(result.code()).isEqualTo(Code.SBOM_DIGEST_MISMATCH);
        assertThat(result.detail()).contains("SHA-512", other, hex("SHA-512"));
    }

    @Test
    void rejectsSbomWhoseWeakDigestDiffersEvenThoughItsStrongOneMatches() {
        Path sbom = write(
                "sbom.json",
                sample().hash("SHA-256", hex("SHA-256"))
                        .hash("MD5", "0".repeat(32))
                        .json());

        CheckResult result = verify(NAME_BINDING, sbom);

        assertThat(result.code()).isEqualTo(Code.SBOM_DIGEST_MISMATCH);
        assertThat(result.detail()).contains("MD5", hex("MD5"));
    }

    @Test
    void comparesUppercaseHexDigestsLikeLowercaseOnes() {
        Path sbom = write(
                "sbom.json",
                sample().hash("SHA-256", hex("SHA-256").toUpperCase()).json());

        assertThat(verify(DIGEST_BINDING, sbom).code()).isEqualTo(Code.SBOM_VALID);
    }

    @Test
    void digestBindingRejectsSbomThatStatesNoStrongDigest() {
        Path sbom = write("app-1.2.0.jar.cdx.json", sample().json());

        CheckResult result = verify(DIGEST_BINDING, sbom);

        assertThat(result.code()).isEqualTo(Code.SBOM_NOT_BOUND);
        assertThat(result.detail())
                .contains("states no SHA-256, SHA-384, SHA-512 or SHA3 digest for app-1.2.0.jar")
                .contains("binds SBOMs by digest");
    }

    @Test
    void digestBindingDoesNotTrustAMatchingSha1Alone() {
        Path sbom = write("sbom.json", sample().hash("SHA-1", hex("SHA-1")).json());

        CheckResult result = verify(DIGEST_BINDING, sbom);

        assertThat(result.code()).isEqualTo(Code.SBOM_NOT_BOUND);
        assertThat(result.detail()).contains("only SHA-1");
    }

    @Test
    void digestBindingRejectsSbomThatDescribesNoComponent() {
        Path sbom = write("app-1.2.0.jar.cdx.json", sample().describingNothing().json());

        CheckResult result = verify(DIGEST_BINDING, sbom);

        assertThat(result.code()).isEqualTo(Code.SBOM_NOT_BOUND);
        assertThat(result.detail()).contains("no metadata.component");
    }

    @ParameterizedTest
    @ValueSource(strings = {"app-1.2.0.jar.cdx.json", "app-1.2.0.jar.bom.json", "app-1.2.0.jar.cdx.xml"})
    void nameBindingAcceptsSbomNamedAfterTheArtifact(String fileName) {
        SbomSample sample = sample().describing("something-else", "9.9");
        Path sbom = write(fileName, render(sample, fileName.endsWith(".xml") ? "xml" : "json"));

        CheckResult result = verify(NAME_BINDING, sbom);

        assertThat(result.code()).isEqualTo(Code.SBOM_VALID);
        assertThat(result.facts()).containsEntry("boundBy", "file name");
    }

    @Test
    void nameBindingAcceptsSbomWhoseComponentIsNamedLikeTheArtifact() {
        Path sbom = write("sbom.json", sample().describing("app", "1.2.0").json());

        CheckResult result = verify(NAME_BINDING, sbom);

        assertThat(result.code()).isEqualTo(Code.SBOM_VALID);
        assertThat(result.facts())
                .containsEntry("boundBy", "component name")
                .containsEntry("describes", "\"app\" 1.2.0");
    }

    @Test
    void nameBindingRejectsSbomOfAnotherComponent() {
        Path sbom = write("sbom.json", sample().describing("other-lib", "1.2.0").json());

        CheckResult result = verify(NAME_BINDING, sbom);

        assertThat(result.code()).isEqualTo(Code.SBOM_NOT_BOUND);
        assertThat(result.detail()).contains("\"other-lib\" 1.2.0", "app-1.2.0.jar");
    }

    @Test
    void nameBindingBindsSbomWithoutDescribedComponentOnlyByItsFileName() {
        Path named =
                write("app-1.2.0.jar.cdx.json", sample().describingNothing().json());
        Path unnamed = write("release.cdx.json", sample().describingNothing().json());

        CheckResult namedResult = verify(NAME_BINDING, named);
        CheckResult unnamedResult = verify(NAME_BINDING, unnamed);

        assertThat(namedResult.code()).isEqualTo(Code.SBOM_VALID);
        assertThat(namedResult.facts()).containsEntry("boundBy", "file name");
        assertThat(unnamedResult.code()).isEqualTo(Code.SBOM_NOT_BOUND);
        assertThat(unnamedResult.detail()).contains("describes no component");
    }

    @Test
    void nameBindingAcceptsFileNamesOfThePolicysEvidencePatterns() {
        SbomPolicy policy = new SbomPolicy(
                true, Set.of(SbomFormat.CYCLONEDX), Binding.NAME, List.of("sboms/{artifact}.sbom-*.json"));
        Path sbom = write(
                "app-1.2.0.jar.sbom-2024.json", sample().describing("x", "1").json());
        Path other =
                write("lib.jar.sbom-2024.json", sample().describing("x", "1").json());

        assertThat(verify(policy, sbom).facts()).containsEntry("boundBy", "file name");
        assertThat(verify(policy, other).code()).isEqualTo(Code.SBOM_NOT_BOUND);
    }

    @Test
    void reportsStatedDigestsItCannotCompute() {
        Path sbom = write(
                "sbom.json",
                sample().hash("SHA-256", hex("SHA-256"))
                        .hash("BLAKE3", "ef".repeat(32))
                        .json());

        CheckResult result = verify(NAME_BINDING, sbom);

        assertThat(result.code()).isEqualTo(Code.SBOM_VALID);
        assertThat(result.facts()).containsEntry("uncheckedDigests", "BLAKE3");
    }

    @Test
    void failsClosedWhenTheGateDidNotComputeAStatedDigest() throws IOException {
        Path sbom = write("sbom.json", sample().hash("SHA-512", hex("SHA-512")).json());

        PendingCheck pending = new CycloneDxVerifier(NAME_BINDING).read(evidence(sbom), context);
        CheckResult result = pending.complete(ArtifactHasher.digest(artifact, Set.of()));

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.code()).isEqualTo(Code.INTERNAL_ERROR);
        assertThat(result.detail()).contains("SHA-512", "not computed");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.7", "1.3", "2.0"})
    void rejectsJsonOfAnUnsupportedVersionNamingItAndTheSupportedOnes(String specVersion) {
        Path sbom = write("sbom.json", sample().specVersion(specVersion).json());

        CheckResult result = verify(NAME_BINDING, sbom);

        assertThat(result.code()).isEqualTo(Code.SBOM_UNSUPPORTED_VERSION);
        assertThat(result.detail()).contains("\"" + specVersion + "\"", "1.4, 1.5 and 1.6");
    }

    @Test
    void rejectsXmlOfAnUnsupportedVersionNamingItAndTheSupportedOnes() {
        Path sbom = write("sbom.xml", sample().specVersion("1.3").xml());

        CheckResult result = verify(NAME_BINDING, sbom);

        assertThat(result.code()).isEqualTo(Code.SBOM_UNSUPPORTED_VERSION);
        assertThat(result.detail()).contains("CycloneDX 1.3 XML", "1.4, 1.5 and 1.6");
    }

    @Test
    void rejectsJsonThatStatesNoSpecVersion() {
        Path sbom = write("sbom.json", "{\"bomFormat\": \"CycloneDX\", \"version\": 1}");

        CheckResult result = verify(NAME_BINDING, sbom);

        assertThat(result.code()).isEqualTo(Code.SBOM_UNSUPPORTED_VERSION);
        assertThat(result.detail()).contains("states no specVersion");
    }

    @Test
    void rejectsJsonThatStatesItsSpecVersionAsANumber() {
        Path sbom = write("sbom.json", sample().json().replace("\"specVersion\": \"1.6\"", "\"specVersion\": 1.6"));

        CheckResult result = verify(NAME_BINDING, sbom);

        assertThat(result.code()).isEqualTo(Code.SBOM_SCHEMA_INVALID);
        assertThat(result.detail()).contains("specVersion as 1.6", "as text");
    }

    @Test
    void rejectsJsonThatBreaksTheSchemaNamingTheJsonPointer() {
        String json = sample().json().replace("{\"type\": \"library\", \"name\": \"lib-b\"", "{\"name\": \"lib-b\"");
        Path sbom = write("sbom.json", json);

        CheckResult result = verify(NAME_BINDING, sbom);

        assertThat(result.code()).isEqualTo(Code.SBOM_SCHEMA_INVALID);
        assertThat(result.detail()).contains("CycloneDX 1.6 JSON schema", "/components/1", "type");
    }

    @Test
    void rejectsJsonTimestampThatIsNoDateTime() {
        Path sbom = write("sbom.json", sample().json().replace("2024-05-01T10:00:00Z", "2024-05-01"));

        CheckResult result = verify(NAME_BINDING, sbom);

        assertThat(result.code()).isEqualTo(Code.SBOM_SCHEMA_INVALID);
        assertThat(result.detail()).contains("/metadata/timestamp");
    }

    @Test
    void rejectsXmlThatBreaksTheSchemaNamingTheLine() {
        String xml = sample().xml().replace("<component type=\"library\"><name>lib-b", "<component><name>lib-b");
        Path sbom = write("sbom.xml", xml);

        CheckResult result = verify(NAME_BINDING, sbom);

        assertThat(result.code()).isEqualTo(Code.SBOM_SCHEMA_INVALID);
        assertThat(result.detail()).contains("CycloneDX 1.6 XML schema", "line 15", "type");
    }

    @Test
    void rejectsXmlThatGivesOneBomRefToTwoElements() {
        String xml = sample().xml()
                .replace("<component type=\"library\">\n", "<component type=\"library\" bom-ref=\"lib\">\n")
                .replace(
                        "<component type=\"library\"><name>lib-b",
                        "<component type=\"library\" bom-ref=\"lib\"><name>lib-b");
        Path sbom = write("sbom.xml", xml);

        CheckResult result = verify(NAME_BINDING, sbom);

        assertThat(result.code()).isEqualTo(Code.SBOM_SCHEMA_INVALID);
        assertThat(result.detail()).contains("line 15", "bom-ref \"lib\"");
    }

    @Test
    void rejectsJsonWithADuplicateKey() {
        String json = sample().json().replace("\"version\": 1,", "\"version\": 1, \"version\": 2,");
        Path sbom = write("sbom.json", json);

        CheckResult result = verify(NAME_BINDING, sbom);

        assertThat(result.code()).isEqualTo(Code.SBOM_MALFORMED);
        assertThat(result.detail()).contains("sbom.json", "version", "line 5");
    }

    @Test
    void rejectsJsonWhoseDescribedComponentHasADuplicateName() {
        String json = sample().json().replace("\"name\": \"app\",", "\"name\": \"app\", \"name\": \"evil\",");
        Path sbom = write("sbom.json", json);

        assertThat(verify(NAME_BINDING, sbom).code()).isEqualTo(Code.SBOM_MALFORMED);
    }

    @Test
    void rejectsTruncatedJsonNamingLineAndColumn() {
        String json = sample().json();
        Path sbom = write("sbom.json", json.substring(0, json.indexOf("\"components\"")));

        CheckResult result = verify(NAME_BINDING, sbom);

        assertThat(result.code()).isEqualTo(Code.SBOM_MALFORMED);
        assertThat(result.detail()).contains("is not valid JSON (line ", "column");
    }

    @Test
    void rejectsJsonWithContentAfterTheDocument() {
        Path sbom = write("sbom.json", sample().json() + "{}");

        assertThat(verify(NAME_BINDING, sbom).code()).isEqualTo(Code.SBOM_MALFORMED);
    }

    @Test
    void rejectsMalformedXmlNamingLineAndColumn() {
        Path sbom = write("sbom.xml", sample().xml().replace("</metadata>", "</metadta>"));

        CheckResult result = verify(NAME_BINDING, sbom);

        assertThat(result.code()).isEqualTo(Code.SBOM_MALFORMED);
        assertThat(result.detail()).contains("is not well-formed XML (line 6, column");
    }

    @Test
    void rejectsDeeplyNestedJsonWithoutFailingItself() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);
        Path sbom =
                write("sbom.json", sample().json().replace("\"version\": 1,", "\"version\": 1, \"x\": " + deep + ","));

        CheckResult result = verify(NAME_BINDING, sbom);

        assertThat(result.code()).isEqualTo(Code.SBOM_MALFORMED);
        assertThat(result.detail()).contains("nesting depth", "256");
    }

    @Test
    void rejectsDeeplyNestedXmlWithoutFailingItself() {
        String deep = "<x>".repeat(100_000) + "</x>".repeat(100_000);
        Path sbom = write("sbom.xml", sample().xml().replace("<components>", deep + "<components>"));

        CheckResult result = verify(NAME_BINDING, sbom);

        assertThat(result.code()).isEqualTo(Code.SBOM_MALFORMED);
        assertThat(result.detail()).contains("nests XML elements more than 256 levels deep (line 7)");
    }

    @Test
    void rejectsJsonOfAnotherFormat() {
        Path sbom = write("sbom.json", sample().json().replace("\"CycloneDX\"", "\"SPDX\""));

        CheckResult result = verify(NAME_BINDING, sbom);

        assertThat(result.code()).isEqualTo(Code.SBOM_UNKNOWN_FORMAT);
        assertThat(result.detail()).contains("\"SPDX\"");
    }

    @Test
    void rejectsXmlWhoseRootIsNoCycloneDxBom() {
        Path sbom = write("sbom.xml", "<?xml version=\"1.0\"?><project xmlns=\"urn:example\"/>");

        CheckResult result = verify(NAME_BINDING, sbom);

        assertThat(result.code()).isEqualTo(Code.SBOM_UNKNOWN_FORMAT);
        assertThat(result.detail()).contains("\"project\"", "urn:example");
    }

    @Test
    void rejectsJsonThatIsNoObject() {
        Path sbom = write("sbom.json", "[{\"bomFormat\": \"CycloneDX\"}]");

        assertThat(verify(NAME_BINDING, sbom).code()).isEqualTo(Code.SBOM_UNKNOWN_FORMAT);
    }

    @Test
    void rejectsFileThatIsNeitherJsonNorXml() {
        Path sbom = write("sbom.json", "not an sbom!");

        CheckResult result = verify(NAME_BINDING, sbom);

        assertThat(result.code()).isEqualTo(Code.SBOM_UNKNOWN_FORMAT);
        assertThat(result.detail())
                .isEqualTo(
                        "sbom.json is neither JSON nor XML, so it is no CycloneDX SBOM and the" + " SBOM check fails.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  \n\t "})
    void rejectsEmptyFile(String content) {
        Path sbom = write("sbom.json", content);

        CheckResult result = verify(NAME_BINDING, sbom);

        assertThat(result.code()).isEqualTo(Code.SBOM_MALFORMED);
        assertThat(result.detail()).contains("empty");
    }

    @Test
    void readsJsonWithAByteOrderMark() {
        Path sbom = write(
                "sbom.json", "\uFEFF" + sample().hash("SHA-256", hex("SHA-256")).json());

        assertThat(verify(NAME_BINDING, sbom).code()).isEqualTo(Code.SBOM_VALID);
    }

    @Test
    void refusesSbomLargerThanTheCapWithoutParsingIt() throws IOException {
        Path sbom = dir.resolve("huge.cdx.json");
        try (RandomAccessFile file = new RandomAccessFile(sbom.toFile(), "rw")) {
            file.setLength(257L << 20);
        }

        CheckResult result = verify(NAME_BINDING, sbom);

        assertThat(result.code()).isEqualTo(Code.EVIDENCE_TOO_LARGE);
        assertThat(result.detail()).contains("huge.cdx.json", "256 MiB");
    }

    @Test
    void reportsMissingFileAsUnreadable() {
        CheckResult result = verify(NAME_BINDING, dir.resolve("gone.cdx.json"));

        assertThat(result.code()).isEqualTo(Code.EVIDENCE_UNREADABLE);
        assertThat(result.detail()).contains("gone.cdx.json");
    }

    @Test
    void reportsDirectoryAsUnreadable() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("folder.cdx.json"));

        assertThat(verify(NAME_BINDING, folder).code()).isEqualTo(Code.EVIDENCE_UNREADABLE);
    }

    @Test
    void rejectsCycloneDxWhenThePolicyAcceptsOnlySpdx() {
        SbomPolicy spdxOnly = new SbomPolicy(true, Set.of(SbomFormat.SPDX), Binding.NAME, List.of());
        Path sbom = write("sbom.json", sample().json());

        CheckResult result = verify(spdxOnly, sbom);

        assertThat(result.code()).isEqualTo(Code.SBOM_FORMAT_NOT_ALLOWED);
        assertThat(result.detail()).contains("accepts spdx");
    }

    @Test
    void givesTheSameVerdictsWhenManyThreadsShareOneVerifier() throws Exception {
        CycloneDxVerifier verifier = new CycloneDxVerifier(NAME_BINDING);
        Map<Path, Code> expected = Map.of(
                write("good.json", sample().hash("SHA-256", hex("SHA-256")).json()), Code.SBOM_VALID,
                write(
                                "good.xml",
                                sample().specVersion("1.5")
                                        .hash("SHA-256", hex("SHA-256"))
                                        .xml()),
                        Code.SBOM_VALID,
                write("bad.json", sample().hash("SHA-256", "ab".repeat(32)).json()), Code.SBOM_DIGEST_MISMATCH,
                write("old.xml", sample().specVersion("1.2").xml()), Code.SBOM_UNSUPPORTED_VERSION,
                write("broken.json", "{\"bomFormat\": "), Code.SBOM_MALFORMED);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Boolean>> runs = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                for (Map.Entry<Path, Code> entry : expected.entrySet()) {
                    runs.add(pool.submit(() -> verify(verifier, entry.getKey()).code() == entry.getValue()));
                }
            }
            for (Future<Boolean> run : runs) {
                assertThat(run.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private SbomSample sample() {
        return new SbomSample();
    }

    private static String render(SbomSample sample, String encoding) {
        return encoding.equals("xml") ? sample.xml() : sample.json();
    }

    private Path write(String name, String content) {
        return SbomSample.write(dir.resolve(name), content);
    }

    private CheckResult verify(SbomPolicy policy, Path sbom) {
        return verify(new CycloneDxVerifier(policy), sbom);
    }

    /** Does what the gate does: reads the evidence, hashes the artifact once as asked, then completes the check. */
    private CheckResult verify(CycloneDxVerifier verifier, Path sbom) {
        return complete(verifier.read(evidence(sbom), context));
    }

    private CheckResult complete(PendingCheck pending) {
        try {
            return pending.complete(ArtifactHasher.digest(artifact, pending.digestsNeeded()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static EvidenceFile evidence(Path sbom) {
        return new EvidenceFile(sbom, sbom.getFileName().toString());
    }

    private String hex(String algorithm) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(Files.readAllBytes(artifact)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
