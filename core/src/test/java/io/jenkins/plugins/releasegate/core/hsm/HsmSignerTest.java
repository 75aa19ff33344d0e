package io.jenkins.plugins.releasegate.core.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import io.jenkins.plugins.releasegate.core.artifact.ArtifactHasher;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.bouncycastle.cms.CMSSignedData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Signs through a real SoftHSM2 token and has openssl and the engine's own verifier judge the signatures. */
class HsmSignerTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
        "EC_P256, PKCS1_V1_5, SHA256withECDSA",
        "EC_P384, PKCS1_V1_5, SHA384withECDSA",
        "RSA_3072, PKCS1_V1_5, SHA256withRSA",
        "RSA_3072, PSS, SHA256withRSASSA-PSS"
    })
    void signatureVerifiesWithOpenSslAndTheEngine(KeyType type, RsaPadding padding, String algorithm) throws Exception {
        SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.RELEASE);
        String label = TokenFixtures.uniqueLabel("interop");
        HsmKeys.GeneratedKey key = TokenFixtures.keyWithCertificate(token, label, type);
        Path artifact = TokenFixtures.randomFile(dir, "app.jar", 300_000);
        Path certificate = TokenFixtures.writePem(
                dir.resolve("signer.pem"), key.certificate().orElseThrow());

        List<SigningOutcome> outcomes;
        try (HsmSigner signer = HsmSigner.open(
                SoftHsmToken.module(), Pkcs11Uri.parse(token.uri(label)), token.newPin(), List.of(), padding)) {
            assertThat(signer.algorithm()).isEqualTo(algorithm);
            outcomes = signer.signAll(List.of(artifact));
        }

        assertThat(outcomes)
                .singleElement()
                .satisfies(outcome -> assertThat(outcome.failure()).isEmpty());
        Path signature = dir.resolve("app.jar.p7s");
        assertThat(outcomes.get(0).signature()).contains(signature);
        ToolRun.Result openssl = TokenFixtures.opensslVerdict(artifact, signature, certificate);
        assertThat(openssl.exitStatus()).as(openssl.output()).isZero();
        assertThat(openssl.output()).contains("Verification successful");
        CheckResult verdict = TokenFixtures.engineVerdict(
                artifact, signature, key.certificate().orElseThrow());
        assertThat(verdict.code()).as(verdict.detail()).isEqualTo(Code.SIGNATURE_VALID);
        assertThat(new CMSSignedData(Files.readAllBytes(signature)).isDetachedSignature())
                .isTrue();
    }

    @Test
    void signsManyFilesInOrderThroughOneLogin() throws Exception {
        SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.RELEASE);
        String label = TokenFixtures.uniqueLabel("many");
        HsmKeys.GeneratedKey key = TokenFixtures.keyWithCertificate(token, label, KeyType.EC_P256);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            files.add(TokenFixtures.randomFile(dir, "part-" + i + ".bin", 1_000 + i * 997));
        }
        AtomicInteger logins = new AtomicInteger();
        List<SigningOutcome> progress = new CopyOnWriteArrayList<>();

        List<SigningOutcome> outcomes;
        try (HsmSigner signer = open(TokenFixtures.countingLogins(logins), token, label, token.newPin())) {
            outcomes = signer.signAll(files, progress::add);
        }

        assertThat(logins).hasValue(1);
        assertThat(outcomes).extracting(SigningOutcome::file).containsExactlyElementsOf(files);
        assertThat(outcomes).allSatisfy(outcome -> assertThat(outcome.failure()).isEmpty());
        assertThat(progress).containsExactlyInAnyOrderElementsOf(outcomes);
        for (Path file : files) {
            CheckResult verdict = TokenFixtures.engineVerdict(
                    file,
                    file.resolveSibling(file.getFileName() + ".p7s"),
                    key.certificate().orElseThrow());
            assertThat(verdict.code()).as(verdict.detail()).isEqualTo(Code.SIGNATURE_VALID);
        }
    }

    @Test
    void refusesToSignAFileChangedSinceItWasGated() throws Exception {
        SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.RELEASE);
        String label = TokenFixtures.uniqueLabel("gated");
        TokenFixtures.keyWithCertificate(token, label, KeyType.EC_P256);
        Path unchanged = TokenFixtures.randomFile(dir, "unchanged.bin", 2_000);
        Path changed = TokenFixtures.randomFile(dir, "changed.bin", 2_000);
        Map<Path, String> gated = Map.of(
                unchanged, ArtifactHasher.digest(unchanged, Set.of()).sha256(),
                changed, ArtifactHasher.digest(changed, Set.of()).sha256());
        Files.writeString(changed, "replaced after the gate passed it", StandardOpenOption.APPEND);

        List<SigningOutcome> outcomes;
        try (HsmSigner signer = open(TokenFixtures.countingLogins(new AtomicInteger()), token, label, token.newPin())) {
            outcomes = signer.signAll(List.of(unchanged, changed), gated, outcome -> {});
        }

        assertThat(outcomes.get(0).succeeded()).isTrue();
        assertThat(outcomes.get(1).failure())
                .hasValueSatisfying(
                        failure -> assertThat(failure).contains("changed since it was gated", gated.get(changed)));
        assertThat(changed.resolveSibling("changed.bin.p7s")).doesNotExist();
    }

    @Test
    void signatureCarriesTheExtraChainAndReplacesAnOldSignature() throws Exception {
        SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.RELEASE);
        String label = TokenFixtures.uniqueLabel("chain");
        TokenFixtures.keyWithCertificate(token, label, KeyType.EC_P384);
        X509Certificate extra = TokenFixtures.keyWithCertificate(
                        token, TokenFixtures.uniqueLabel("extra"), KeyType.EC_P256)
                .certificate()
                .orElseThrow();
        Path artifact = TokenFixtures.randomFile(dir, "app.zip", 5_000);
        Path old = Files.writeString(dir.resolve("app.zip.p7s"), "an old signature");

        try (HsmSigner signer = HsmSigner.open(
                SoftHsmToken.module(), Pkcs11Uri.parse(token.uri(label)), token.newPin(), List.of(extra))) {
            assertThat(signer.chain()).hasSize(2).endsWith(extra);
            assertThat(signer.signAll(List.of(artifact))).allMatch(SigningOutcome::succeeded);
        }

        CMSSignedData signed = new CMSSignedData(Files.readAllBytes(old));
        assertThat(signed.getCertificates().getMatches(null)).hasSize(2);
        assertThat(signed.getDigestAlgorithmIDs())
                .singleElement()
                .satisfies(algorithm ->
                        assertThat(algorithm.getAlgorithm().getId()).isEqualTo("2.16.840.1.101.3.4.2.2"));
    }

    @Test
    void wrongPinIsTriedOnceAndLeavesTheTokenUsable() throws Exception {
        SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.WRONG_PIN);
        String label = TokenFixtures.uniqueLabel("guarded");
        TokenFixtures.keyWithCertificate(token, label, KeyType.EC_P256);
        String wrongPin = "wrong-" + token.pin();
        AtomicInteger logins = new AtomicInteger();
        Pin pin = Pin.of(wrongPin.toCharArray());

        assertThatThrownBy(() -> open(TokenFixtures.countingLogins(logins), token, label, pin))
                .isInstanceOfSatisfying(HsmException.class, e -> {
                    assertThat(e.kind()).isEqualTo(HsmException.Kind.PIN_INCORRECT);
                    assertThat(e.getMessage())
                            .startsWith("The token 'wrong-pin' (slot ")
                            .contains("did not accept the PIN (CKR_PIN_INCORRECT); it was tried once and not again")
                            .doesNotContain(wrongPin)
                            .doesNotContain(token.pin());
                });

        assertThat(logins).hasValue(1);
        assertThat(pin.isCleared()).isTrue();
        Path artifact = TokenFixtures.randomFile(dir, "after.jar", 100);
        try (HsmSigner signer =
                HsmSigner.open(SoftHsmToken.module(), Pkcs11Uri.parse(token.uri(label)), token.newPin(), List.of())) {
            assertThat(signer.signAll(List.of(artifact))).allMatch(SigningOutcome::succeeded);
        }
    }

    @Test
    void lockedTokenIsRefusedWithoutOfferingThePin() throws Exception {
        SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.LOCKED);
        AtomicInteger logins = new AtomicInteger();

        assertThatThrownBy(() -> open(TokenFixtures.countingLogins(logins), token, "signing", token.newPin()))
                .isInstanceOfSatisfying(HsmException.class, e -> {
                    assertThat(e.kind()).isEqualTo(HsmException.Kind.PIN_LOCKED);
                    assertThat(e.getMessage())
                            .contains("token 'locked'")
                            .contains("has locked its user PIN")
                            .doesNotContain(token.pin());
                });
        assertThat(logins).hasValue(0);
    }

    @Test
    void unknownTokenIsReportedWithTheLabelsPresent() {
        SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.RELEASE);

        assertThatThrownBy(() -> HsmSigner.open(
                        SoftHsmToken.module(),
                        Pkcs11Uri.parse("pkcs11:token=nightly;object=signing"),
                        token.newPin(),
                        List.of()))
                .isInstanceOfSatisfying(HsmException.class, e -> {
                    assertThat(e.kind()).isEqualTo(HsmException.Kind.TOKEN_NOT_FOUND);
                    assertThat(e.getMessage())
                            .startsWith("No token of the PKCS#11 module ")
                            .contains("matches token='nightly'")
                            .contains("'release'", "'second'", "'locked'")
                            .endsWith("so nothing was done.");
                });
    }

    @Test
    void unknownKeyIsReportedWithTheKeyLabelsPresent() throws Exception {
        SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.SECOND);
        String present = TokenFixtures.uniqueLabel("present");
        TokenFixtures.keyWithCertificate(token, present, KeyType.EC_P256);

        assertThatThrownBy(() -> HsmSigner.open(
                        SoftHsmToken.module(), Pkcs11Uri.parse(token.uri("absent")), token.newPin(), List.of()))
                .isInstanceOfSatisfying(HsmException.class, e -> {
                    assertThat(e.kind()).isEqualTo(HsmException.Kind.KEY_NOT_FOUND);
                    assertThat(e.getMessage())
                            .startsWith("There is no private key 'absent' on token 'second' (slot ")
                            .contains("private keys present: ")
                            .contains("'" + present + "'")
                            .endsWith("so nothing was signed.");
                });
    }

    @Test
    void keyWithoutCertificateIsRefused() throws Exception {
        SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.SECOND);
        String label = TokenFixtures.uniqueLabel("bare");
        token.pkcs11Tool(dir, "--keypairgen", "--key-type", "EC:prime256v1", "--label", label, "--id", "0badc0de");

        assertThatThrownBy(() -> HsmSigner.open(
                        SoftHsmToken.module(), Pkcs11Uri.parse(token.uri(label)), token.newPin(), List.of()))
                .isInstanceOfSatisfying(HsmException.class, e -> {
                    assertThat(e.kind()).isEqualTo(HsmException.Kind.KEY_WITHOUT_CERTIFICATE);
                    assertThat(e.getMessage())
                            .startsWith("The key '" + label + "' on token 'second'")
                            .contains("has no certificate beside it (none with id 0badc0de)");
                });
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "rsa:1024     | RSA | RSA 1024 key, below the 2048 bits a verifier accepts",
                "EC:secp521r1 | EC  | EC P-521 key, which the signer does not support (RSA, EC P-256 and EC P-384 are)"
            })
    void keyOfATypeTheSignerDoesNotSupportIsRefusedAndNothingIsWritten(
            String pkcs11ToolType, String algorithm, String refusal) throws Exception {
        SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.SECOND);
        String label = TokenFixtures.uniqueLabel("unsupported");
        String id = Integer.toHexString(label.hashCode());
        token.pkcs11Tool(dir, "--keypairgen", "--key-type", pkcs11ToolType, "--label", label, "--id", id);
        // A proper certificate beside the key, so that nothing but the key's type stands in the way of signing.
        token.pkcs11Tool(dir, "--read-object", "--type", "pubkey", "--id", id, "--output-file", "public.der");
        PublicKey publicKey = KeyFactory.getInstance(algorithm)
                .generatePublic(new X509EncodedKeySpec(Files.readAllBytes(dir.resolve("public.der"))));
        Files.write(
                dir.resolve("issued.der"),
                TokenFixtures.issuedBySoftwareCa(publicKey, label).getEncoded());
        token.pkcs11Tool(dir, "--write-object", "issued.der", "--type", "cert", "--label", label, "--id", id);
        Path artifact = TokenFixtures.randomFile(dir, "app.jar", 1_000);
        Pin pin = token.newPin();

        assertThatThrownBy(() -> {
                    try (HsmSigner signer =
                            HsmSigner.open(SoftHsmToken.module(), Pkcs11Uri.parse(token.uri(label)), pin, List.of())) {
                        signer.signAll(List.of(artifact));
                    }
                })
                .isInstanceOfSatisfying(HsmException.class, e -> {
                    assertThat(e.kind()).isEqualTo(HsmException.Kind.UNSUPPORTED_KEY_TYPE);
                    assertThat(e.getMessage())
                            .matches(Pattern.quote("The key '" + label + "' on token 'second' (slot ") + "\\d+"
                                    + Pattern.quote(") is an " + refusal + ", so nothing was signed."))
                            .doesNotContain("\n", ". ", token.pin());
                });
        assertThat(pin.isCleared()).isTrue();
        assertThat(dir.resolve("app.jar.p7s")).doesNotExist();
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void missingModuleIsNamed() {
        Path missing = dir.resolve("libabsent-pkcs11.so");
        Pin pin = SoftHsmToken.get(SoftHsmToken.Name.RELEASE).newPin();

        assertThatThrownBy(
                        () -> HsmSigner.open(missing, Pkcs11Uri.parse("pkcs11:token=release;object=a"), pin, List.of()))
                .isInstanceOfSatisfying(HsmException.class, e -> {
                    assertThat(e.kind()).isEqualTo(HsmException.Kind.MODULE_NOT_LOADABLE);
                    assertThat(e.getMessage())
                            .isEqualTo("The PKCS#11 module " + missing + " cannot be used: it does not exist, so no"
                                    + " token can be reached.");
                });
        assertThat(pin.isCleared()).isTrue();
    }

    @Test
    void fileThatCannotBeSignedFailsAloneAndLeavesNothingBehind() throws Exception {
        SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.RELEASE);
        String label = TokenFixtures.uniqueLabel("partial");
        TokenFixtures.keyWithCertificate(token, label, KeyType.EC_P256);
        Path first = TokenFixtures.randomFile(dir, "a.jar", 2_000);
        Path blocked = TokenFixtures.randomFile(dir, "b.jar", 2_000);
        Files.createDirectories(dir.resolve("b.jar.p7s").resolve("in-the-way"));
        Path missing = dir.resolve("c.jar");
        Path last = TokenFixtures.randomFile(dir, "d.jar", 2_000);

        List<SigningOutcome> outcomes;
        try (HsmSigner signer =
                HsmSigner.open(SoftHsmToken.module(), Pkcs11Uri.parse(token.uri(label)), token.newPin(), List.of())) {
            outcomes = signer.signAll(List.of(first, blocked, missing, last));
        }

        assertThat(outcomes).extracting(SigningOutcome::succeeded).containsExactly(true, false, false, true);
        assertThat(outcomes.get(1).failure().orElseThrow())
                .startsWith(dir.resolve("b.jar.p7s") + " could not be written (")
                .endsWith("so " + blocked + " is not signed; no partial signature was left.");
        assertThat(outcomes.get(2).failure()).contains(missing + " does not exist, so it was not signed.");
        assertThat(Files.isDirectory(dir.resolve("b.jar.p7s"))).isTrue();
        assertThat(dir.resolve("c.jar.p7s")).doesNotExist();
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void tokenGoneMidRunFailsTheRemainingFilesAndKeepsFinishedSignatures() throws Exception {
        SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.RELEASE);
        String label = TokenFixtures.uniqueLabel("vanishing");
        HsmKeys.GeneratedKey key = TokenFixtures.keyWithCertificate(token, label, KeyType.EC_P256);
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            files.add(TokenFixtures.randomFile(dir, "f" + i + ".jar", 4_000));
        }
        SessionCloser closer = Native.load(SoftHsmToken.module().toString(), SessionCloser.class);
        AtomicInteger reported = new AtomicInteger();

        List<SigningOutcome> outcomes;
        try (HsmSigner signer =
                HsmSigner.open(SoftHsmToken.module(), Pkcs11Uri.parse(token.uri(label)), token.newPin(), List.of())) {
            long slot = Pkcs11Module.open(SoftHsmToken.module())
                    .find(Pkcs11Uri.parse(token.uri(label)))
                    .slotId();
            outcomes = signer.signAll(files, outcome -> {
                if (reported.incrementAndGet() == 1) {
                    // Every session of this process on the token ends, as when the token is pulled out.
                    closer.C_CloseAllSessions(new NativeLong(slot));
                }
            });
        }

        List<SigningOutcome> signed =
                outcomes.stream().filter(SigningOutcome::succeeded).toList();
        List<SigningOutcome> failed =
                outcomes.stream().filter(outcome -> !outcome.succeeded()).toList();
        assertThat(signed).hasSize(1);
        assertThat(failed).hasSize(5);
        assertThat(failed)
                .filteredOn(outcome -> outcome.failure().orElseThrow().endsWith("earlier in this run."))
                .hasSize(4)
                .allSatisfy(outcome -> assertThat(outcome.failure().orElseThrow())
                        .contains("was not signed because the token 'release' (slot ")
                        .contains("went away (CKR_"));
        assertThat(failed)
                .filteredOn(outcome -> !outcome.failure().orElseThrow().endsWith("earlier in this run."))
                .singleElement()
                .satisfies(outcome -> assertThat(outcome.failure().orElseThrow())
                        .containsPattern("went away \\(CKR_[A-Z_]+\\); the files after it cannot be signed in this"
                                + " run, and the signatures already written stay."));
        Path finished = signed.get(0).file();
        CheckResult verdict = TokenFixtures.engineVerdict(
                finished,
                finished.resolveSibling(finished.getFileName() + ".p7s"),
                key.certificate().orElseThrow());
        assertThat(verdict.code()).isEqualTo(Code.SIGNATURE_VALID);
        assertThat(failed)
                .allSatisfy(outcome -> assertThat(
                                outcome.file().resolveSibling(outcome.file().getFileName() + ".p7s"))
                        .doesNotExist());
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void signatureThatTheCertificateDoesNotVerifyIsNotWritten() throws Exception {
        SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.SECOND);
        String label = TokenFixtures.uniqueLabel("mispaired");
        token.pkcs11Tool(dir, "--keypairgen", "--key-type", "EC:prime256v1", "--label", label, "--id", "5eed");
        token.pkcs11Tool(dir, "--delete-object", "--type", "pubkey", "--id", "5eed");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        X509Certificate foreign =
                TokenFixtures.issuedBySoftwareCa(generator.generateKeyPair().getPublic(), label);
        Files.write(dir.resolve("foreign.der"), foreign.getEncoded());
        token.pkcs11Tool(dir, "--write-object", "foreign.der", "--type", "cert", "--label", label, "--id", "5eed");
        Path artifact = TokenFixtures.randomFile(dir, "app.jar", 1_000);

        List<SigningOutcome> outcomes;
        try (HsmSigner signer =
                HsmSigner.open(SoftHsmToken.module(), Pkcs11Uri.parse(token.uri(label)), token.newPin(), List.of())) {
            outcomes = signer.signAll(List.of(artifact));
        }

        assertThat(outcomes.get(0).failure().orElseThrow())
                .startsWith("The signature that the token 'second' (slot ")
                .endsWith("does not verify with the certificate CN="
                        + foreign.getSubjectX500Principal().getName().substring(3) + ", so it was not written.");
        assertThat(dir.resolve("app.jar.p7s")).doesNotExist();
        assertThat(temporaryFiles()).isEmpty();
    }

    @Test
    void certificateBesideTwoKeysIsRefusedRatherThanSigningWithTheWrongOne() throws Exception {
        SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.SECOND);
        String label = TokenFixtures.uniqueLabel("copied");
        token.pkcs11Tool(dir, "--keypairgen", "--key-type", "EC:prime256v1", "--label", label, "--id", "c0b1");
        token.pkcs11Tool(dir, "--delete-object", "--type", "pubkey", "--id", "c0b1");
        X509Certificate other = TokenFixtures.keyWithCertificate(
                        token, TokenFixtures.uniqueLabel("original"), KeyType.EC_P256)
                .certificate()
                .orElseThrow();
        Files.write(dir.resolve("copy.der"), other.getEncoded());
        token.pkcs11Tool(dir, "--write-object", "copy.der", "--type", "cert", "--label", label, "--id", "c0b1");

        assertThatThrownBy(() -> HsmSigner.open(
                        SoftHsmToken.module(), Pkcs11Uri.parse(token.uri(label)), token.newPin(), List.of()))
                .isInstanceOfSatisfying(HsmException.class, e -> {
                    assertThat(e.kind()).isEqualTo(HsmException.Kind.CERTIFICATE_MISMATCH);
                    assertThat(e.getMessage())
                            .contains("sits beside 2 keys on the token 'second'")
                            .endsWith("which SunPKCS11 cannot tell apart, so nothing was signed: keep one copy of it.");
                });
    }

    /** Binds the one Cryptoki function the token-gone test uses to pull the sessions away. */
    interface SessionCloser extends Library {
        NativeLong C_CloseAllSessions(NativeLong slotId);
    }

    private static HsmSigner open(Pkcs11Module module, SoftHsmToken token, String label, Pin pin) throws HsmException {
        return HsmSigner.open(
                module, Pkcs11Uri.parse(token.uri(label)), pin, List.of(), RsaPadding.PKCS1_V1_5, Clock.systemUTC());
    }

    private List<Path> temporaryFiles() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".tmp"))
                    .toList();
        }
    }
}
