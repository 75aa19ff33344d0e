package io.jenkins.plugins.releasegate.core.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Sigstore bundles signed with a key, written the way cosign writes them, with signatures made by openssl. */
class SigstoreBundleVerifierTest {

    private static final String V03 = "application/vnd.dev.sigstore.bundle.v0.3+json";

    @TempDir
    static Path keys;

    private static OpenSslKeyPair ec256;
    private static OpenSslKeyPair ec384;
    private static OpenSslKeyPair other;

    @TempDir
    Path dir;

    private Path artifact;
    private Path bundleFile;

    @BeforeAll
    static void makeKeys() throws IOException {
        assumeThat(OpenSslPki.unavailable()).as("openssl is needed").isEmpty();
        ec256 = OpenSslKeyPair.generate(keys, "release", "EC", "ec_paramgen_curve:P-256");
        ec384 = OpenSslKeyPair.generate(keys, "release384", "EC", "ec_paramgen_curve:P-384");
        other = OpenSslKeyPair.generate(keys, "other", "EC", "ec_paramgen_curve:P-256");
    }

    @BeforeEach
    void writeArtifact() throws IOException {
        byte[] content = new byte[100_000];
        new Random(3).nextBytes(content);
        artifact = Files.write(dir.resolve("app.jar"), content);
        bundleFile = dir.resolve("app.jar.sigstore.json");
    }

    @Test
    void acceptsBundleSignedWithTrustedKeyAndSaysTheLogWasNotChecked() throws Exception {
        Files.writeString(
                bundleFile,
                new Bundle(V03)
                        .hint(ec256)
                        .digest("SHA2_256", sha256(artifact))
                        .signature(ec256.signBase64(artifact, "-sha256"))
                        .withLogEntry()
                        .json());

        CheckResult result = check(ec256);

        assertThat(result.status()).isEqualTo(Status.PASS);
        assertThat(result.code()).isEqualTo(Code.SIGNATURE_VALID);
        assertThat(result.detail())
                .isEqualTo("app.jar.sigstore.json is a valid Sigstore bundle for app.jar, signed by the public key"
                        + " release.pub (ECDSA P-256); its transparency log entry was not checked (offline).");
        assertThat(result.facts())
                .containsEntry("publicKeySha256", ec256.spkiSha256())
                .containsEntry("publicKeyFile", "release.pub")
                .containsEntry("algorithm", "ECDSA P-256 with SHA-256")
                .containsEntry("mediaType", V03)
                .containsEntry("publicKeyHint", hintOf(ec256))
                .containsEntry("tlog", "not checked (offline)");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "application/vnd.dev.sigstore.bundle+json;version=0.1",
                "application/vnd.dev.sigstore.bundle+json;version=0.2",
                "application/vnd.dev.sigstore.bundle+json;version=0.3",
                V03
            })
    void acceptsEveryKnownMediaTypeWithoutLogEntries(String mediaType) throws Exception {
        Files.writeString(
                bundleFile,
                new Bundle(mediaType)
                        .digest("SHA2_256", sha256(artifact))
                        .signature(ec256.signBase64(artifact, "-sha256"))
                        .json());

        CheckResult result = check(ec256);

        assertThat(result.status()).isEqualTo(Status.PASS);
        assertThat(result.facts()).containsEntry("tlog", "none in the bundle");
        assertThat(result.detail()).doesNotContain("transparency log");
    }

    @Test
    void acceptsP384BundleOverSha384() throws Exception {
        byte[] sha384 = DigestAlgorithm.SHA_384.newDigest().digest(Files.readAllBytes(artifact));
        Files.writeString(
                bundleFile,
                new Bundle(V03)
                        .digest("SHA2_384", sha384)
                        .signature(ec384.signBase64(artifact, "-sha384"))
                        .json());

        CheckResult result = check(ec256, ec384);

        assertThat(result.status()).isEqualTo(Status.PASS);
        assertThat(result.facts()).containsEntry("algorithm", "ECDSA P-384 with SHA-384");
    }

    @Test
    void rejectsBundleMadeForOtherContentAndShowsBothDigests() throws Exception {
        byte[] stated = sha256(artifact);
        stated[0] ^= 0x01;
        Files.writeString(
                bundleFile,
                new Bundle(V03)
                        .digest("SHA2_256", stated)
                        .signature(ec256.signBase64(artifact, "-sha256"))
                        .json());

        CheckResult result = check(ec256);

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.code()).isEqualTo(Code.SIGNATURE_CONTENT_MISMATCH);
        assertThat(result.detail())
                .isEqualTo("app.jar.sigstore.json was made for other content than app.jar: it signs SHA-256 "
                        + HexFormat.of().formatHex(stated) + ", but app.jar has "
                        + HexFormat.of().formatHex(sha256(artifact)) + ", so the signature check fails.");
    }

    @Test
    void rejectsBundleWhoseSignatureIsByAnUntrustedKeyWithoutHint() throws Exception {
        Files.writeString(
                bundleFile,
                new Bundle(V03)
                        .digest("SHA2_256", sha256(artifact))
                        .signature(other.signBase64(artifact, "-sha256"))
                        .json());

        CheckResult result = check(ec256);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_INVALID);
        assertThat(result.detail())
                .isEqualTo("app.jar.sigstore.json states the right digest of app.jar, but its signature does not"
                        + " verify with any of the 1 public keys in signature.trust.publicKeys, so the signature"
                        + " check fails.");
    }

    @Test
    void rejectsBundleThatNamesAKeyOutsideThePolicy() throws Exception {
        Files.writeString(
                bundleFile,
                new Bundle(V03)
                        .hint(other)
                        .digest("SHA2_256", sha256(artifact))
                        .signature(other.signBase64(artifact, "-sha256"))
                        .json());

        CheckResult result = check(ec256);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_UNTRUSTED);
        assertThat(result.detail())
                .startsWith("app.jar.sigstore.json names the signing key " + hintOf(other)
                        + ", which is none of the 1 public keys in signature.trust.publicKeys");
        assertThat(result.facts()).containsEntry("publicKeyHint", hintOf(other));
    }

    @Test
    void rejectsBundleWhoseSignatureWasForgedForTheHintedKey() throws Exception {
        Files.writeString(
                bundleFile,
                new Bundle(V03)
                        .hint(ec256)
                        .digest("SHA2_256", sha256(artifact))
                        .signature(other.signBase64(artifact, "-sha256"))
                        .json());

        CheckResult result = check(ec256);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_INVALID);
        assertThat(result.detail()).contains("does not verify with the key it names or any other of the 1 public keys");
    }

    @Test
    void refusesKeylessBundleAsUnsupported() throws Exception {
        Files.writeString(
                bundleFile,
                new Bundle(V03)
                        .material("\"certificate\": {\"rawBytes\": \"MIIB\"}")
                        .digest("SHA2_256", sha256(artifact))
                        .signature(ec256.signBase64(artifact, "-sha256"))
                        .json());

        CheckResult result = check(ec256);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_UNSUPPORTED);
        assertThat(result.detail())
                .isEqualTo("app.jar.sigstore.json is signed keylessly, with a Fulcio certificate, which can only be"
                        + " trusted through Sigstore's online trust root and transparency log; the gate verifies"
                        + " bundles signed with a key from signature.trust.publicKeys only, so the signature check"
                        + " fails.");
    }

    @Test
    void refusesDsseEnvelopeAsArtifactSignature() throws Exception {
        Files.writeString(bundleFile, """
                {"mediaType": "%s", "verificationMaterial": {"publicKey": {"hint": "x"}},
                 "dsseEnvelope": {"payload": "e30=", "payloadType": "application/vnd.in-toto+json",
                                  "signatures": [{"sig": "MEUC"}]}}
                """.formatted(V03));

        CheckResult result = check(ec256);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_UNSUPPORTED);
        assertThat(result.detail()).startsWith("app.jar.sigstore.json holds a DSSE envelope");
    }

    @Test
    void refusesUnknownMediaType() throws Exception {
        Files.writeString(
                bundleFile,
                new Bundle("application/vnd.dev.sigstore.bundle+json;version=99.9")
                        .digest("SHA2_256", sha256(artifact))
                        .signature(ec256.signBase64(artifact, "-sha256"))
                        .json());

        CheckResult result = check(ec256);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_UNSUPPORTED);
        assertThat(result.detail())
                .isEqualTo("app.jar.sigstore.json has the media type"
                        + " application/vnd.dev.sigstore.bundle+json;version=99.9, which is no Sigstore bundle"
                        + " version the gate knows (v0.1 to v0.3), so the signature check fails.");
    }

    @Test
    void refusesDigestAlgorithmItDoesNotSupport() throws Exception {
        Files.writeString(
                bundleFile,
                new Bundle(V03)
                        .digest("SHA3_256", sha256(artifact))
                        .signature("MEUC")
                        .json());

        CheckResult result = check(ec256);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_UNSUPPORTED);
        assertThat(result.detail()).contains("states its message digest in SHA3_256");
    }

    @Test
    void rejectsSignatureThatIsNotBase64() throws Exception {
        Files.writeString(
                bundleFile,
                new Bundle(V03)
                        .digest("SHA2_256", sha256(artifact))
                        .signature("MEUC!!")
                        .json());

        CheckResult result = check(ec256);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_MALFORMED);
        assertThat(result.detail())
                .startsWith("app.jar.sigstore.json is not a usable Sigstore bundle: its signature is not valid"
                        + " base64");
    }

    @Test
    void rejectsDigestOfTheWrongLength() throws Exception {
        Files.writeString(
                bundleFile,
                new Bundle(V03)
                        .digest("SHA2_256", new byte[20])
                        .signature("MEUC")
                        .json());

        CheckResult result = check(ec256);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_MALFORMED);
        assertThat(result.detail()).contains("its SHA2_256 message digest has 20 bytes rather than 32");
    }

    @Test
    void rejectsBundleWithoutMessageDigest() throws Exception {
        Files.writeString(bundleFile, """
                {"mediaType": "%s", "messageSignature": {"signature": "MEUC"}}
                """.formatted(V03));

        CheckResult result = check(ec256);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_MALFORMED);
        assertThat(result.detail()).contains("its messageSignature has no messageDigest");
    }

    @Test
    void rejectsTruncatedJson() throws Exception {
        Files.writeString(bundleFile, "{\"mediaType\": \"" + V03 + "\", \"messageSig");

        CheckResult result = check(ec256);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_MALFORMED);
        assertThat(result.detail())
                .startsWith("app.jar.sigstore.json is not a usable Sigstore bundle: it is not" + " well-formed JSON");
    }

    @Test
    void rejectsAKeyGivenTwiceSoThatNoTwoReadersSeeDifferentBundles() throws Exception {
        String bundle = new Bundle(V03)
                .digest("SHA2_256", sha256(artifact))
                .signature(ec256.signBase64(artifact, "-sha256"))
                .json();
        Files.writeString(bundleFile, bundle.replaceFirst("\\{", "{\"mediaType\": \"x\", "));

        CheckResult result = check(ec256);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_MALFORMED);
        assertThat(result.detail()).contains("Duplicate field 'mediaType'");
    }

    @Test
    void failsWhenThePolicyTrustsNoPublicKey() throws Exception {
        Files.writeString(
                bundleFile,
                new Bundle(V03)
                        .digest("SHA2_256", sha256(artifact))
                        .signature(ec256.signBase64(artifact, "-sha256"))
                        .json());

        CheckResult result = check();

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_NO_TRUST_ANCHORS);
        assertThat(result.detail())
                .isEqualTo("app.jar.sigstore.json is a Sigstore bundle signed with a key, but the policy trusts no"
                        + " public key (signature.trust.publicKeys is empty), so the signature check fails.");
    }

    private CheckResult check(OpenSslKeyPair... trusted) throws Exception {
        List<Path> files = Arrays.stream(trusted).map(OpenSslKeyPair::publicKey).toList();
        return EngineRun.check(new SigstoreBundleVerifier(PublicKeySet.load(files)), artifact, bundleFile);
    }

    private static byte[] sha256(Path file) throws IOException {
        return DigestAlgorithm.SHA_256.newDigest().digest(Files.readAllBytes(file));
    }

    private static String hintOf(OpenSslKeyPair key) throws IOException {
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(key.spkiSha256()));
    }

    /** A keyed message-signature bundle in the JSON shape cosign writes. */
    private static final class Bundle {

        private final String mediaType;
        private String material = "";
        private String digestAlgorithm = "SHA2_256";
        private String digest = "";
        private String signature = "";
        private boolean logEntry;

        Bundle(String mediaType) {
            this.mediaType = mediaType;
        }

        Bundle hint(OpenSslKeyPair key) throws IOException {
            return material("\"publicKey\": {\"hint\": \"" + hintOf(key) + "\"}");
        }

        Bundle material(String json) {
            material = json;
            return this;
        }

        Bundle digest(String algorithm, byte[] value) {
            digestAlgorithm = algorithm;
            digest = Base64.getEncoder().encodeToString(value);
            return this;
        }

        Bundle signature(String base64) {
            signature = base64;
            return this;
        }

        Bundle withLogEntry() {
            logEntry = true;
            return this;
        }

        String json() {
            String entries = logEntry
                    ? "\"tlogEntries\": [{\"logIndex\": \"1\", \"kindVersion\": {\"kind\": \"hashedrekord\","
                            + " \"version\": \"0.0.1\"}, \"integratedTime\": \"1766077479\"}]"
                    : "";
            String materialJson =
                    material.isEmpty() || entries.isEmpty() ? material + entries : material + ", " + entries;
            return """
                    {
                      "mediaType": "%s",
                      "verificationMaterial": {%s},
                      "messageSignature": {
                        "messageDigest": {"algorithm": "%s", "digest": "%s"},
                        "signature": "%s"
                      }
                    }
                    """.formatted(mediaType, materialJson, digestAlgorithm, digest, signature);
        }
    }
}
