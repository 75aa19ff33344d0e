package io.jenkins.plugins.releasegate.core.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.releasegate.core.artifact.ArtifactDigests;
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
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpdxVerifierTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SbomPolicy NAME_BINDING = SbomPolicy.defaults();
    private static final SbomPolicy DIGEST_BINDING =
            new SbomPolicy(true, Set.of(SbomFormat.values()), Binding.DIGEST, List.of());
    private static final String NAMESPACE = "https://example.com/spdx/app-1.2.0-4f0c";

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

    // Binding by digest

    @Test
    void acceptsDocumentWhoseDescribedPackageStatesTheArtifactsSha256() {
        ObjectNode document = document(spdxPackage("SPDXRef-app", "app", "1.2.0", checksum("SHA256", hex("SHA-256"))));
        describes(document, "SPDXRef-app");

        CheckResult result = verify(NAME_BINDING, write("sbom.json", document));

        assertThat(result.status()).isEqualTo(Status.PASS);
        assertThat(result.code()).isEqualTo(Code.SBOM_VALID);
        assertThat(result.check()).isEqualTo(Check.SBOM);
        assertThat(result.facts())
                .containsEntry("format", "SPDX 2.3 JSON")
                .containsEntry("packages", "1")
                .containsEntry("documentNamespace", NAMESPACE)
                .containsEntry("describes", "package \"app\" 1.2.0")
                .containsEntry("boundBy", "SHA-256 digest");
        assertThat(result.detail())
                .isEqualTo("sbom.json is a valid SPDX 2.3 JSON SBOM of 1 package and binds to app-1.2.0.jar by the"
                        + " SHA-256 digest of package \"app\" 1.2.0.");
    }

    @Test
    void findsTheDescribedPackageThroughTheDocumentsDescribesRelationship() {
        ObjectNode document = document(
                spdxPackage("SPDXRef-lib", "lib", "3.0"),
                spdxPackage("SPDXRef-app", "app", "1.2.0", checksum("SHA512", hex("SHA-512"))));
        relationship(document, "SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-app");
        relationship(document, "SPDXRef-app", "DEPENDS_ON", "SPDXRef-lib");

        CheckResult result = verify(DIGEST_BINDING, write("sbom.json", document));

        assertThat(result.code()).isEqualTo(Code.SBOM_VALID);
        assertThat(result.facts()).containsEntry("boundBy", "SHA-512 digest").containsEntry("packages", "2");
    }

    @Test
    void findsTheDescribedElementThroughADescribedByRelationship() {
        ObjectNode document = document();
        document.set("files", JSON.createArrayNode().add(file("SPDXRef-jar", "./dist/app-1.2.0.jar", "SHA256")));
        relationship(document, "SPDXRef-jar", "DESCRIBED_BY", "SPDXRef-DOCUMENT");

        CheckResult result = verify(DIGEST_BINDING, write("sbom.json", document));

        assertThat(result.code()).as(result.detail()).isEqualTo(Code.SBOM_VALID);
        assertThat(result.detail()).endsWith("by the SHA-256 digest of file \"./dist/app-1.2.0.jar\".");
    }

    @Test
    void bindsByOneOfSeveralDescribedPackagesThatStatesTheArtifactsDigest() {
        ObjectNode document = document(
                spdxPackage("SPDXRef-img", "base-image", "7", checksum("SHA256", "ab".repeat(32))),
                spdxPackage("SPDXRef-app", "application", null, checksum("SHA256", hex("SHA-256"))));
        describes(document, "SPDXRef-img", "SPDXRef-app");

        CheckResult result = verify(DIGEST_BINDING, write("release.spdx.json", document));

        assertThat(result.code()).isEqualTo(Code.SBOM_VALID);
        assertThat(result.facts()).containsEntry("describes", "package \"base-image\" 7, package \"application\"");
    }

    @Test
    void rejectsDocumentWhoseOnlyDescribedPackageStatesAnotherSha256AndShowsBoth() {
        String other = "ab".repeat(32);
        ObjectNode document = document(spdxPackage("SPDXRef-app", "app", "1.2.0", checksum("SHA256", other)));
        describes(document, "SPDXRef-app");

        CheckResult result = verify(NAME_BINDING, write("app-1.2.0.jar.spdx.json", document));

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.code()).isEqualTo(Code.SBOM_DIGEST_MISMATCH);
        assertThat(result.detail())
                .isEqualTo("app-1.2.0.jar.spdx.json states the SHA-256 digest " + other + " for \"app\" 1.2.0, but"
                        + " app-1.2.0.jar has SHA-256 " + hex("SHA-256") + ", so the SBOM describes another file and"
                        + " the SBOM check fails.");
    }

    @Test
    void rejectsDocumentWhoseSha1DiffersEvenThoughItsSha256Matches() {
        ObjectNode document = document(spdxPackage(
                "SPDXRef-app", "app", "1.2.0", checksum("SHA256", hex("SHA-256")), checksum("SHA1", "00".repeat(20))));
        describes(document, "SPDXRef-app");

        CheckResult result = verify(NAME_BINDING, write("sbom.json", document));

        assertThat(result.code()).isEqualTo(Code.SBOM_DIGEST_MISMATCH);
        assertThat(result.detail()).contains("SHA-1 digest " + "00".repeat(20));
    }

    @Test
    void ofSeveralDescribedPackagesOnlyTheOneNamedLikeTheArtifactMustMatch() {
        ObjectNode document = document(
                spdxPackage("SPDXRef-img", "base-image", "7", checksum("SHA256", "ab".repeat(32))),
                spdxPackage("SPDXRef-app", "app", "1.2.0"));
        describes(document, "SPDXRef-img", "SPDXRef-app");

        CheckResult result = verify(NAME_BINDING, write("release.spdx.json", document));

        assertThat(result.code()).as(result.detail()).isEqualTo(Code.SBOM_VALID);
        assertThat(result.facts()).containsEntry("boundBy", "package name");
        assertThat(result.detail()).endsWith("by the name of the package \"app\" 1.2.0 it describes.");
    }

    @Test
    void rejectsTheMismatchOfThePackageNamedLikeTheArtifactAmongSeveral() {
        ObjectNode document = document(
                spdxPackage("SPDXRef-img", "base-image", "7"),
                spdxPackage("SPDXRef-app", "app", "1.2.0", checksum("MD5", "00".repeat(16))));
        describes(document, "SPDXRef-img", "SPDXRef-app");

        CheckResult result = verify(NAME_BINDING, write("release.spdx.json", document));

        assertThat(result.code()).isEqualTo(Code.SBOM_DIGEST_MISMATCH);
        assertThat(result.detail()).contains("MD5 digest", "\"app\" 1.2.0");
    }

    @Test
    void digestBindingDoesNotTrustAMatchingSha1Alone() {
        ObjectNode document = document(spdxPackage("SPDXRef-app", "app", "1.2.0", checksum("SHA1", hex("SHA-1"))));
        describes(document, "SPDXRef-app");

        CheckResult result = verify(DIGEST_BINDING, write("app-1.2.0.jar.spdx.json", document));

        assertThat(result.code()).isEqualTo(Code.SBOM_NOT_BOUND);
        assertThat(result.detail())
                .isEqualTo("app-1.2.0.jar.spdx.json states only SHA-1, which can be forged, and no SHA-256, SHA-384,"
                        + " SHA-512 or SHA3 digest for app-1.2.0.jar, and the policy binds SBOMs by digest, so the SBOM"
                        + " check fails.");
    }

    @Test
    void digestBindingRejectsDocumentThatDescribesNothing() {
        CheckResult result = verify(DIGEST_BINDING, write("app-1.2.0.jar.spdx.json", document()));

        assertThat(result.code()).isEqualTo(Code.SBOM_NOT_BOUND);
        assertThat(result.detail()).contains("describes no package or file");
    }

    // Binding by name

    @ParameterizedTest
    @ValueSource(strings = {"app-1.2.0.jar.spdx.json", "app-1.2.0.jar.cdx.json"})
    void nameBindingAcceptsDocumentNamedAfterTheArtifact(String fileName) {
        ObjectNode document = document(spdxPackage("SPDXRef-x", "something-else", "9"));
        describes(document, "SPDXRef-x");

        CheckResult result = verify(NAME_BINDING, write(fileName, document));

        assertThat(result.code()).isEqualTo(Code.SBOM_VALID);
        assertThat(result.facts()).containsEntry("boundBy", "file name");
    }

    @Test
    void nameBindingAcceptsPackageWhosePackageFileNameIsTheArtifacts() {
        ObjectNode spdxPackage = spdxPackage("SPDXRef-app", "com.example:app", "1.2.0");
        spdxPackage.put("packageFileName", "target/app-1.2.0.jar");
        ObjectNode document = document(spdxPackage);
        describes(document, "SPDXRef-app");

        CheckResult result = verify(NAME_BINDING, write("sbom.json", document));

        assertThat(result.code()).isEqualTo(Code.SBOM_VALID);
        assertThat(result.facts()).containsEntry("boundBy", "package name");
    }

    @Test
    void nameBindingRejectsDocumentOfAnotherPackage() {
        ObjectNode document = document(spdxPackage("SPDXRef-x", "other", "1.2.0"));
        describes(document, "SPDXRef-x");

        CheckResult result = verify(NAME_BINDING, write("sbom.json", document));

        assertThat(result.code()).isEqualTo(Code.SBOM_NOT_BOUND);
        assertThat(result.detail())
                .isEqualTo("sbom.json describes package \"other\" 1.2.0, none of which is app-1.2.0.jar: it states no"
                        + " digest of app-1.2.0.jar and is not named after it, so it does not bind to app-1.2.0.jar"
                        + " and the SBOM check fails.");
    }

    @Test
    void namesDescribedIdsThatAreNoElementOfTheDocument() {
        ObjectNode document = document(spdxPackage("SPDXRef-x", "other", null));
        describes(document, "DocumentRef-base:SPDXRef-app");

        CheckResult result = verify(NAME_BINDING, write("sbom.json", document));

        assertThat(result.code()).isEqualTo(Code.SBOM_NOT_BOUND);
        assertThat(result.facts()).containsEntry("unresolvedDescribes", "DocumentRef-base:SPDXRef-app");
        assertThat(result.detail())
                .contains("describes only \"DocumentRef-base:SPDXRef-app\", which no package or file of the document"
                        + " is");
    }

    // Digests the gate cannot or did not compute

    @Test
    void reportsStatedChecksumsItCannotCompute() {
        ObjectNode document = document(spdxPackage(
                "SPDXRef-app",
                "app",
                "1.2.0",
                checksum("BLAKE3", "00".repeat(32)),
                checksum("SHA256", hex("SHA-256"))));
        describes(document, "SPDXRef-app");

        CheckResult result = verify(DIGEST_BINDING, write("sbom.json", document));

        assertThat(result.code()).isEqualTo(Code.SBOM_VALID);
        assertThat(result.facts()).containsEntry("uncheckedDigests", "BLAKE3");
    }

    @Test
    void failsClosedWhenTheGateDidNotComputeAStatedDigest() throws IOException {
        ObjectNode document = document(spdxPackage("SPDXRef-app", "app", "1.2.0", checksum("SHA512", hex("SHA-512"))));
        describes(document, "SPDXRef-app");
        PendingCheck pending = new SpdxVerifier(NAME_BINDING)
                .read(new EvidenceFile(write("sbom.json", document), "sbom.json"), context);

        CheckResult result = pending.complete(ArtifactHasher.digest(artifact, Set.of()));

        assertThat(pending.digestsNeeded()).containsExactly(DigestAlgorithm.SHA_512);
        assertThat(result.code()).isEqualTo(Code.INTERNAL_ERROR);
        assertThat(result.detail()).contains("SHA-512 digest of app-1.2.0.jar was not computed");
    }

    // Versions and schema

    @ParameterizedTest
    @ValueSource(strings = {"SPDX-2.2", "SPDX-2.2.1", "SPDX-3.0", "2.3"})
    void rejectsDocumentsOfOtherVersionsNamingTheirVersion(String version) {
        ObjectNode document = document();
        document.put("spdxVersion", version);

        CheckResult result = verify(NAME_BINDING, write("sbom.json", document));

        assertThat(result.code()).isEqualTo(Code.SBOM_UNSUPPORTED_VERSION);
        assertThat(result.detail())
                .isEqualTo("sbom.json states spdxVersion \"" + version + "\", but the gate validates SPDX 2.3 JSON"
                        + " only, so the SBOM check fails.");
    }

    @Test
    void rejectsSpdx3JsonLdAsAnotherVersion() {
        Path sbom = writeText(
                "sbom.json", "{\"@context\": \"https://spdx.org/rdf/3.0.1/spdx-context.jsonld\", \"@graph\": []}");

        CheckResult result = verify(NAME_BINDING, sbom);

        assertThat(result.code()).isEqualTo(Code.SBOM_UNSUPPORTED_VERSION);
        assertThat(result.detail()).contains("is JSON-LD, as SPDX 3 is written");
    }

    @Test
    void rejectsJsonThatStatesNoSpdxVersion() {
        ObjectNode document = document();
        document.remove("spdxVersion");

        CheckResult result = verify(NAME_BINDING, write("sbom.json", document));

        assertThat(result.code()).isEqualTo(Code.SBOM_UNKNOWN_FORMAT);
        assertThat(result.detail()).contains("states no spdxVersion");
    }

    @Test
    void rejectsSpdxVersionGivenAsANumber() {
        ObjectNode document = document();
        document.put("spdxVersion", 2.3);

        CheckResult result = verify(NAME_BINDING, write("sbom.json", document));

        assertThat(result.code()).isEqualTo(Code.SBOM_SCHEMA_INVALID);
        assertThat(result.detail()).contains("states spdxVersion as 2.3");
    }

    @Test
    void rejectsDocumentThatBreaksTheSchemaNamingTheJsonPointer() {
        ObjectNode spdxPackage = spdxPackage("SPDXRef-app", "app", "1.2.0", checksum("SHA-256", hex("SHA-256")));
        spdxPackage.remove("downloadLocation");
        ObjectNode document = document(spdxPackage);
        describes(document, "SPDXRef-app");

        CheckResult result = verify(NAME_BINDING, write("sbom.json", document));

        assertThat(result.code()).isEqualTo(Code.SBOM_SCHEMA_INVALID);
        assertThat(result.detail())
                .startsWith("sbom.json does not follow the SPDX 2.3 JSON schema, so the SBOM check fails: ")
                .contains("/packages/0", "downloadLocation", "/packages/0/checksums/0/algorithm");
    }

    @Test
    void rejectsDocumentWithAPropertyTheSchemaDoesNotKnow() {
        ObjectNode document = document();
        document.put("describes", "app");

        CheckResult result = verify(NAME_BINDING, write("sbom.json", document));

        assertThat(result.code()).isEqualTo(Code.SBOM_SCHEMA_INVALID);
        assertThat(result.detail()).contains("describes");
    }

    @Test
    void acceptsTheSchemaReferenceThatSpdx231Allows() {
        ObjectNode document = document(spdxPackage("SPDXRef-app", "app", "1.2.0"));
        document.put("$schema", "https://raw.githubusercontent.com/spdx/spdx-spec/v2.3.1/schemas/spdx-schema.json");
        describes(document, "SPDXRef-app");

        CheckResult result = verify(NAME_BINDING, write("sbom.json", document));

        assertThat(result.code()).as(result.detail()).isEqualTo(Code.SBOM_VALID);
    }

    @Test
    void rejectsASchemaReferenceThatIsNoText() {
        ObjectNode document = document();
        document.put("$schema", 7);

        CheckResult result = verify(NAME_BINDING, write("sbom.json", document));

        assertThat(result.code()).isEqualTo(Code.SBOM_SCHEMA_INVALID);
        assertThat(result.detail()).contains("states $schema as 7");
    }

    // Malformed input

    @Test
    void rejectsJsonWithADuplicateKey() throws IOException {
        String text = JSON.writeValueAsString(document());
        Path sbom = writeText("sbom.json", text.replaceFirst("\\{", "{\"name\": \"first\", "));

        CheckResult result = verify(NAME_BINDING, sbom);

        assertThat(result.code()).isEqualTo(Code.SBOM_MALFORMED);
        assertThat(result.detail()).contains("Duplicate field 'name'");
    }

    @Test
    void rejectsTruncatedJsonNamingLineAndColumn() {
        CheckResult result = verify(NAME_BINDING, writeText("sbom.json", "{\n  \"spdxVersion\": \"SPDX-2.3\",\n"));

        assertThat(result.code()).isEqualTo(Code.SBOM_MALFORMED);
        assertThat(result.detail()).startsWith("sbom.json is not valid JSON (line 3, column 1: ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   \n"})
    void rejectsEmptyFile(String content) {
        CheckResult result = verify(NAME_BINDING, writeText("sbom.json", content));

        assertThat(result.code()).isEqualTo(Code.SBOM_MALFORMED);
        assertThat(result.detail()).isEqualTo("sbom.json is empty, so the SBOM check fails.");
    }

    @Test
    void rejectsJsonThatIsNoObject() {
        CheckResult result = verify(NAME_BINDING, writeText("sbom.json", "[\"SPDX-2.3\"]"));

        assertThat(result.code()).isEqualTo(Code.SBOM_UNKNOWN_FORMAT);
        assertThat(result.detail()).contains("holds a JSON array rather than an object");
    }

    @Test
    void rejectsDeeplyNestedJsonWithoutFailingItself() {
        String nested = "[".repeat(5000) + "]".repeat(5000);

        CheckResult result = verify(NAME_BINDING, writeText("sbom.json", "{\"comment\": " + nested + "}"));

        assertThat(result.code()).isEqualTo(Code.SBOM_MALFORMED);
        assertThat(result.detail()).contains("goes beyond what the gate reads");
    }

    @Test
    void refusesDocumentLargerThanTheCapWithoutParsingIt() {
        Path sbom = write("sbom.json", document());

        CheckResult result = new SpdxVerifier(NAME_BINDING, 100)
                .read(new EvidenceFile(sbom, "sbom.json"), context)
                .complete(digests(Set.of()));

        assertThat(result.code()).isEqualTo(Code.EVIDENCE_TOO_LARGE);
    }

    @Test
    void reportsMissingFileAsUnreadable() {
        CheckResult result = verify(NAME_BINDING, dir.resolve("gone.spdx.json"));

        assertThat(result.code()).isEqualTo(Code.EVIDENCE_UNREADABLE);
        assertThat(result.detail()).startsWith("gone.spdx.json could not be read");
    }

    @Test
    void rejectsSpdxWhenThePolicyAcceptsOnlyCycloneDx() {
        SbomPolicy cycloneDxOnly = new SbomPolicy(true, Set.of(SbomFormat.CYCLONEDX), Binding.NAME, List.of());

        CheckResult result = verify(cycloneDxOnly, write("sbom.json", document()));

        assertThat(result.code()).isEqualTo(Code.SBOM_FORMAT_NOT_ALLOWED);
        assertThat(result.detail())
                .isEqualTo("sbom.json is an SPDX SBOM, which the policy does not accept (it accepts cyclonedx), so the"
                        + " SBOM check fails.");
    }

    @Test
    void givesTheSameVerdictsWhenManyThreadsShareOneVerifier() throws Exception {
        SpdxVerifier verifier = new SpdxVerifier(DIGEST_BINDING);
        List<Path> documents = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
            String sha256 = i % 2 == 0 ? hex("SHA-256") : "cd".repeat(32);
            ObjectNode document = document(spdxPackage("SPDXRef-app", "app", "1.2.0", checksum("SHA256", sha256)));
            describes(document, "SPDXRef-app");
            documents.add(write("sbom-" + i + ".json", document));
        }
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<CheckResult>> results = new ArrayList<>();
            for (Path document : documents) {
                results.add(threads.submit(() -> {
                    PendingCheck pending = verifier.read(
                            new EvidenceFile(document, document.getFileName().toString()), context);
                    return pending.complete(digests(pending.digestsNeeded()));
                }));
            }
            for (int i = 0; i < results.size(); i++) {
                assertThat(results.get(i).get().code())
                        .isEqualTo(i % 2 == 0 ? Code.SBOM_VALID : Code.SBOM_DIGEST_MISMATCH);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    // Fixtures

    /** A minimal SPDX 2.3 document that the schema accepts, with the given packages and nothing described yet. */
    private static ObjectNode document(ObjectNode... packages) {
        ObjectNode document = JSON.createObjectNode();
        document.put("spdxVersion", "SPDX-2.3");
        document.put("dataLicense", "CC0-1.0");
        document.put("SPDXID", "SPDXRef-DOCUMENT");
        document.put("name", "app-1.2.0");
        document.put("documentNamespace", NAMESPACE);
        ObjectNode creationInfo = document.putObject("creationInfo");
        creationInfo.put("created", "2025-05-01T10:00:00Z");
        creationInfo.putArray("creators").add("Tool: release-gate-tests");
        ArrayNode list = document.putArray("packages");
        for (ObjectNode spdxPackage : packages) {
            list.add(spdxPackage);
        }
        return document;
    }

    private static ObjectNode spdxPackage(String id, String name, String version, ObjectNode... checksums) {
        ObjectNode spdxPackage = JSON.createObjectNode();
        spdxPackage.put("SPDXID", id);
        spdxPackage.put("name", name);
        if (version != null) {
            spdxPackage.put("versionInfo", version);
        }
        spdxPackage.put("downloadLocation", "NOASSERTION");
        if (checksums.length > 0) {
            ArrayNode list = spdxPackage.putArray("checksums");
            for (ObjectNode checksum : checksums) {
                list.add(checksum);
            }
        }
        return spdxPackage;
    }

    private ObjectNode file(String id, String fileName, String algorithm) {
        ObjectNode file = JSON.createObjectNode();
        file.put("SPDXID", id);
        file.put("fileName", fileName);
        file.putArray("checksums").add(checksum(algorithm, hex("SHA-256")));
        return file;
    }

    private static ObjectNode checksum(String algorithm, String value) {
        ObjectNode checksum = JSON.createObjectNode();
        checksum.put("algorithm", algorithm);
        checksum.put("checksumValue", value);
        return checksum;
    }

    private static void describes(ObjectNode document, String... ids) {
        ArrayNode describes = document.putArray("documentDescribes");
        for (String id : ids) {
            describes.add(id);
        }
    }

    private static void relationship(ObjectNode document, String from, String type, String to) {
        ArrayNode relationships = document.has("relationships")
                ? (ArrayNode) document.get("relationships")
                : document.putArray("relationships");
        ObjectNode relationship = relationships.addObject();
        relationship.put("spdxElementId", from);
        relationship.put("relationshipType", type);
        relationship.put("relatedSpdxElement", to);
    }

    private Path write(String name, ObjectNode document) {
        try {
            return writeText(name, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path writeText(String name, String text) {
        try {
            return Files.writeString(dir.resolve(name), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private CheckResult verify(SbomPolicy policy, Path sbom) {
        PendingCheck pending = new SpdxVerifier(policy)
                .read(new EvidenceFile(sbom, sbom.getFileName().toString()), context);
        return pending.complete(digests(pending.digestsNeeded()));
    }

    private ArtifactDigests digests(Set<DigestAlgorithm> algorithms) {
        try {
            return ArtifactHasher.digest(artifact, algorithms);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String hex(String algorithm) {
        try {
            return HexFormat.of()
                    .formatHex(DigestAlgorithm.byName(algorithm)
                            .orElseThrow()
                            .newDigest()
                            .digest(Files.readAllBytes(artifact)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
