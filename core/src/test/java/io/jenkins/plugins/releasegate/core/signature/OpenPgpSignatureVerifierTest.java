package io.jenkins.plugins.releasegate.core.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactHasher;
import io.jenkins.plugins.releasegate.core.evidence.PendingCheck;
import io.jenkins.plugins.releasegate.core.evidence.StreamingCheck;
import io.jenkins.plugins.releasegate.core.policy.InvalidPolicyException;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detached signatures and keys made by the real GnuPG 2, verified with Bouncy Castle as the gate runs it. */
class OpenPgpSignatureVerifierTest {

    private static final String OLD_KEY_CREATED = "20200101T000000";

    @TempDir
    static Path shared;

    private static GnuPg gpg;
    private static Path artifact;
    private static Path ring;
    private static String rsa;
    private static String ed;
    private static String subkeyed;
    private static String stranger;
    private static String old;
    private static String revoked;
    private static Path signedBeforeExpiry;
    private static Path signedWhileValid;
    private static Path signedAfterExpiry;
    private static Path expiredSignature;
    private static Path signedBeforeRevocation;
    private static Path ringBeforeRevocation;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeKeysAndSignatures() throws IOException {
        assumeThat(GnuPg.unavailable()).as("gpg is needed").isEmpty();
        gpg = new GnuPg(shared.resolve("gnupg"));
        byte[] content = new byte[250_000];
        new Random(11).nextBytes(content);
        artifact = Files.write(shared.resolve("app.jar"), content);

        rsa = gpg.generateKey("Release Signer <release@example.com>", "rsa3072", "sign", null);
        ed = gpg.generateKey("Ed Signer <ed@example.com>", "ed25519", "sign", null);
        subkeyed = gpg.generateKey("Subkey Signer <subkey@example.com>", "ed25519", "cert", null);
        gpg.addSubkey(subkeyed, "ed25519", "sign");
        stranger = gpg.generateKey("Stranger <stranger@example.com>", "ed25519", "sign", null);

        // A key made in 2020 that signs in 2020 and in 2022, and only then gets an expiry of 2021 (signed in 2020).
        old = gpg.generateKey("Old Signer <old@example.com>", "ed25519", "sign", OLD_KEY_CREATED);
        signedBeforeExpiry = gpg.detachSign(
                old, artifact, shared.resolve("before-expiry.asc"), true, "--faked-system-time", "20200301T000000!");
        signedAfterExpiry = gpg.detachSign(
                old, artifact, shared.resolve("after-expiry.asc"), true, "--faked-system-time", "20220101T000000!");
        expiredSignature = gpg.detachSign(
                old,
                artifact,
                shared.resolve("expired.asc"),
                true,
                "--faked-system-time",
                "20200301T000000!",
                "--default-sig-expire",
                "1d");
        gpg.setExpiry(old, "2021-01-01", "20200601T000000!");

        String expiring =
                gpg.generateKey("Expiring Signer <expiring@example.com>", "ed25519", "sign", "1y", OLD_KEY_CREATED);
        signedWhileValid = gpg.detachSign(
                expiring, artifact, shared.resolve("while-valid.asc"), true, "--faked-system-time", "20200301T000000!");

        revoked = gpg.generateKey("Revoked Signer <revoked@example.com>", "ed25519", "sign", null);
        signedBeforeRevocation = gpg.detachSign(revoked, artifact, shared.resolve("revoked.asc"), true);
        ringBeforeRevocation = gpg.exportPublic(shared.resolve("revoked-before.asc"), true, revoked);
        gpg.revoke(revoked);

        ring = gpg.exportPublic(shared.resolve("ring.asc"), true, rsa, ed, subkeyed, old, expiring, revoked);
    }

    @AfterAll
    static void stopAgent() throws IOException {
        if (gpg != null) {
            gpg.close();
        }
    }

    @Test
    void acceptsArmoredRsaSignatureWithItsFacts() throws Exception {
        Path signature = gpg.detachSign(rsa, artifact, dir.resolve("app.jar.asc"), true, "--digest-algo", "SHA256");

        CheckResult result = check(signature);

        assertThat(result.check()).isEqualTo(Check.SIGNATURE);
        assertThat(result.status()).isEqualTo(Status.PASS);
        assertThat(result.code()).isEqualTo(Code.SIGNATURE_VALID);
        assertThat(result.evidence()).isEqualTo("app.jar.asc");
        assertThat(result.facts())
                .containsEntry("signer", "Release Signer <release@example.com>")
                .containsEntry("keyId", rsa.substring(24))
                .containsEntry("fingerprint", rsa)
                .containsEntry("hashAlgorithm", "SHA-256")
                .containsKey("signingTime")
                .doesNotContainKey("primaryFingerprint");
        assertThat(result.detail())
                .isEqualTo("app.jar.asc is a valid OpenPGP signature of app.jar by Release Signer"
                        + " <release@example.com> (key " + rsa.substring(24) + ") made at "
                        + result.facts().get("signingTime") + ".");
    }

    @Test
    void acceptsBinaryEd25519SignatureWhichBouncyCastleVerifies() throws Exception {
        Path signature = gpg.detachSign(ed, artifact, dir.resolve("app.jar.sig"), false);

        CheckResult result = check(signature);

        assertThat(result.status()).isEqualTo(Status.PASS);
        assertThat(result.facts()).containsEntry("fingerprint", ed);
    }

    @Test
    void acceptsSignatureBySigningSubkeyBoundToTrustedPrimary() throws Exception {
        Path signature = gpg.detachSign(subkeyed, artifact, dir.resolve("app.jar.asc"), true);

        CheckResult result = check(signature);

        assertThat(result.status()).isEqualTo(Status.PASS);
        assertThat(result.facts())
                .containsEntry("signer", "Subkey Signer <subkey@example.com>")
                .containsEntry("primaryFingerprint", subkeyed);
        assertThat(result.facts().get("fingerprint")).isNotEqualTo(subkeyed);
    }

    @Test
    void rejectsSignatureOfArtifactChangedAfterSigning() throws Exception {
        Path copy = Files.copy(artifact, dir.resolve("app.jar"));
        Path signature = gpg.detachSign(rsa, copy, dir.resolve("app.jar.asc"), true);
        byte[] content = Files.readAllBytes(copy);
        content[content.length / 2] ^= 0x01;
        Files.write(copy, content);

        CheckResult result = StreamingRun.check(verifier(ring), copy, signature);

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.code()).isEqualTo(Code.SIGNATURE_INVALID);
        assertThat(result.detail())
                .isEqualTo("app.jar.asc does not verify with the key " + rsa + " of Release Signer"
                        + " <release@example.com>: either app.jar changed after it was signed or the signature is"
                        + " damaged, so the signature check fails.");
    }

    @Test
    void rejectsSignatureFromKeyOutsideTheRing() throws Exception {
        Path signature = gpg.detachSign(stranger, artifact, dir.resolve("app.jar.asc"), true);

        CheckResult result = check(signature);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_UNTRUSTED);
        assertThat(result.detail())
                .isEqualTo("app.jar.asc is signed by the OpenPGP key " + stranger + ", which is not among the 6 keys"
                        + " in signature.trust.openpgpKeys, so the signature check fails.");
    }

    @Test
    void acceptsSignatureMadeWhileTheNowExpiredKeyWasValid() throws Exception {
        CheckResult result = check(signedWhileValid);

        assertThat(result.status()).as(result.detail()).isEqualTo(Status.PASS);
        assertThat(result.facts())
                .containsEntry("signingTime", "2020-03-01T00:00:00Z")
                .doesNotContainKey("keysJudgedAt");
    }

    @Test
    void judgesKeyByItsOldestSelfSignatureWhenGpgReplacedTheOneThatWasThereAtSigning() throws Exception {
        // gpg --quick-set-expire replaced the 2020-01-01 self-signature by one of 2020-06-01 that states an expiry
        // of 2021-01-01: the signature of 2020-03-01 lies inside the validity that newer binding states.
        CheckResult result = check(signedBeforeExpiry);

        assertThat(result.status()).as(result.detail()).isEqualTo(Status.PASS);
        assertThat(result.facts())
                .containsEntry("signingTime", "2020-03-01T00:00:00Z")
                .containsEntry("keysJudgedAt", "2020-06-01T00:00:00Z");
    }

    @Test
    void rejectsSignatureMadeAfterTheKeyExpired() throws Exception {
        CheckResult result = check(signedAfterExpiry);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_CERTIFICATE_NOT_VALID);
        assertThat(result.detail())
                .startsWith("after-expiry.asc was made at 2022-01-01T00:00:00Z, but the key " + old + " had expired on"
                        + " 2021-01-01");
    }

    @Test
    void rejectsSignatureThatHasExpired() throws Exception {
        CheckResult result = check(expiredSignature);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_TIME_INVALID);
        assertThat(result.detail())
                .isEqualTo("expired.asc expired on 2020-03-02T00:00:00Z, so the signature check fails.");
    }

    @Test
    void rejectsSignatureOfRevokedKeyEvenIfMadeBeforeTheRevocation() throws Exception {
        CheckResult result = check(signedBeforeRevocation);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_UNTRUSTED);
        assertThat(result.detail())
                .startsWith("revoked.asc is signed by a certificate whose primary key " + revoked + " was revoked on ")
                .contains("(reason 0");
    }

    @Test
    void mergesCopiesOfAKeySoThatAnOlderExportCannotHideItsRevocation() throws Exception {
        Path revokedNow = gpg.exportPublic(dir.resolve("revoked-now.asc"), true, revoked);

        CheckResult result = StreamingRun.check(
                new OpenPgpSignatureVerifier(
                        OpenPgpKeyRing.load(List.of(ringBeforeRevocation, revokedNow)), Clock.systemUTC()),
                artifact,
                signedBeforeRevocation);
        CheckResult withOldCopyOnly =
                StreamingRun.check(verifier(ringBeforeRevocation), artifact, signedBeforeRevocation);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_UNTRUSTED);
        assertThat(withOldCopyOnly.status()).isEqualTo(Status.PASS);
    }

    @Test
    void rejectsSha1Signature() throws Exception {
        Path signature = gpg.detachSign(rsa, artifact, dir.resolve("app.jar.asc"), true, "--digest-algo", "SHA1");

        CheckResult result = check(signature);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_WEAK_ALGORITHM);
        assertThat(result.detail())
                .isEqualTo("app.jar.asc hashes with SHA-1, which is too weak to prove who signed, so the signature"
                        + " check fails.");
    }

    @Test
    void rejectsRsaKeyBelow2048Bits() throws Exception {
        String weak = gpg.generateKey("Weak Signer <weak@example.com>", "rsa1024", "sign", null);
        Path weakRing = gpg.exportPublic(dir.resolve("weak.asc"), true, weak);
        Path signature = gpg.detachSign(weak, artifact, dir.resolve("app.jar.asc"), true);

        CheckResult result = StreamingRun.check(verifier(weakRing), artifact, signature);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_WEAK_ALGORITHM);
        assertThat(result.detail())
                .isEqualTo("app.jar.asc is signed by the OpenPGP key " + weak + ", an RSA key of 1024 bits, below the"
                        + " 2048 required, so the signature check fails.");
    }

    @Test
    void refusesTextModeSignature() throws Exception {
        Path signature = gpg.detachSign(rsa, artifact, dir.resolve("app.jar.asc"), true, "--textmode");

        CheckResult result = check(signature);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_UNSUPPORTED);
        assertThat(result.detail()).startsWith("app.jar.asc is a text signature (type 0x01");
    }

    @Test
    void refusesSignedMessageThatCarriesItsContent() throws Exception {
        Path message = dir.resolve("app.jar.asc");
        gpg.gpg(null, "--local-user", rsa, "--output", message.toString(), "--armor", "--sign", artifact.toString());

        CheckResult result = check(message);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_MALFORMED);
        assertThat(result.detail())
                .isEqualTo("app.jar.asc is not a usable OpenPGP signature: it is a signed message that carries its"
                        + " content (gpg --sign), where a detached signature (gpg --detach-sign) belongs, so the"
                        + " signature check fails.");
    }

    @Test
    void rejectsSignatureDatedInTheFuture() throws Exception {
        Path signature = gpg.detachSign(
                rsa, artifact, dir.resolve("app.jar.asc"), true, "--faked-system-time", "20990101T000000");

        CheckResult result = check(signature);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_TIME_INVALID);
        assertThat(result.detail())
                .startsWith(
                        "app.jar.asc claims to have been made at 2099-01-01T00:00:00Z, after the" + " gate's clock");
    }

    @Test
    void requiresEverySignatureInTheFileToPass() throws Exception {
        byte[] first = Files.readAllBytes(gpg.detachSign(rsa, artifact, dir.resolve("rsa.sig"), false));
        byte[] second = Files.readAllBytes(gpg.detachSign(ed, artifact, dir.resolve("ed.sig"), false));
        byte[] third = Files.readAllBytes(gpg.detachSign(stranger, artifact, dir.resolve("stranger.sig"), false));
        Path both = Files.write(dir.resolve("app.jar.sig"), concat(first, second));
        Path withStranger = Files.write(dir.resolve("mixed.sig"), concat(concat(first, second), third));

        CheckResult passed = check(both);
        CheckResult failed = check(withStranger);

        assertThat(passed.status()).isEqualTo(Status.PASS);
        assertThat(passed.facts()).containsEntry("signatures", "2").containsEntry("fingerprint", rsa);
        assertThat(failed.code()).isEqualTo(Code.SIGNATURE_UNTRUSTED);
    }

    @Test
    void failsWhenTheGateDoesNotFeedTheArtifactsBytes() throws Exception {
        Path signature = gpg.detachSign(rsa, artifact, dir.resolve("app.jar.asc"), true);

        CheckResult result = EngineRun.check(verifier(ring), artifact, signature);

        assertThat(result.status()).isEqualTo(Status.FAIL);
        assertThat(result.code()).isEqualTo(Code.INTERNAL_ERROR);
        assertThat(result.detail())
                .isEqualTo("app.jar.asc could not be checked: an OpenPGP signature must see the bytes of app.jar, and"
                        + " the gate gave it 0 of its 250000 bytes, so the signature check fails.");
    }

    @Test
    void acceptsBytesFedThroughAHeapBuffer() throws Exception {
        Path signature = gpg.detachSign(ed, artifact, dir.resolve("app.jar.sig"), false);
        PendingCheck pending = EngineRun.read(verifier(ring), artifact, signature);

        assertThat(pending).isInstanceOf(StreamingCheck.class);
        ByteBuffer heap = ByteBuffer.wrap(Files.readAllBytes(artifact));
        ((StreamingCheck) pending).update(heap);
        CheckResult result = pending.complete(ArtifactHasher.digest(artifact, pending.digestsNeeded()));

        assertThat(heap.hasRemaining()).isFalse();
        assertThat(result.status()).isEqualTo(Status.PASS);
    }

    @Test
    void failsWhenThePolicyTrustsNoOpenPgpKey() throws Exception {
        Path signature = gpg.detachSign(rsa, artifact, dir.resolve("app.jar.asc"), true);

        CheckResult result = StreamingRun.check(
                new OpenPgpSignatureVerifier(OpenPgpKeyRing.load(List.of()), Clock.systemUTC()), artifact, signature);

        assertThat(result.code()).isEqualTo(Code.SIGNATURE_NO_TRUST_ANCHORS);
        assertThat(result.detail())
                .isEqualTo("app.jar.asc is an OpenPGP signature, but the policy trusts no OpenPGP key"
                        + " (signature.trust.openpgpKeys is empty), so the signature check fails.");
    }

    @Test
    void rejectsGarbageAndEmptyFiles() throws Exception {
        Path garbage = Files.writeString(dir.resolve("garbage.asc"), "-----BEGIN PGP SIGNATURE-----\n\nbm90\n");
        Path empty = Files.write(dir.resolve("empty.sig"), new byte[] {(byte) 0x88, 0x00});

        assertThat(check(garbage).code()).isEqualTo(Code.SIGNATURE_MALFORMED);
        assertThat(check(empty).code()).isEqualTo(Code.SIGNATURE_MALFORMED);
        assertThat(check(garbage).detail()).startsWith("garbage.asc is not a usable OpenPGP signature:");
    }

    @Test
    void verifiesFromManyThreadsWithOneInstanceAndOneCertificate() throws Exception {
        Path signature = gpg.detachSign(subkeyed, artifact, dir.resolve("app.jar.asc"), true);
        OpenPgpSignatureVerifier verifier = verifier(ring);
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            List<Future<CheckResult>> results = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                results.add(threads.submit(() -> StreamingRun.check(verifier, artifact, signature)));
            }
            for (Future<CheckResult> result : results) {
                assertThat(result.get().status()).isEqualTo(Status.PASS);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void refusesASecretKeyAsTrustAnchor() throws Exception {
        Path secret = gpg.exportSecret(dir.resolve("secret.asc"), rsa);

        assertThatThrownBy(() -> OpenPgpKeyRing.load(List.of(secret)))
                .isInstanceOf(InvalidPolicyException.class)
                .satisfies(e -> assertThat(((InvalidPolicyException) e).problems())
                        .singleElement()
                        .satisfies(problem -> {
                            assertThat(problem.key()).isEqualTo("signature.trust.openpgpKeys");
                            assertThat(problem.message())
                                    .isEqualTo(secret + " holds an OpenPGP secret key, which must never be shared with"
                                            + " the gate; give it the public key alone (gpg --export --armor"
                                            + " KEY-ID).");
                        }));
    }

    @Test
    void refusesBinarySecretKeyToo() throws Exception {
        Path secret = dir.resolve("secret.gpg");
        gpg.gpg(null, "--output", secret.toString(), "--export-secret-keys", ed);

        assertThatThrownBy(() -> OpenPgpKeyRing.load(List.of(secret)))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining(secret + " holds an OpenPGP secret key");
    }

    @Test
    void readsBinaryKeyRingAndNamesEveryBadFile() throws Exception {
        Path binary = gpg.exportPublic(dir.resolve("ring.gpg"), false, rsa, ed);
        Path missing = dir.resolve("missing.asc");
        Path notKeys = Files.writeString(dir.resolve("notes.txt"), "these are not keys\n");

        assertThat(OpenPgpKeyRing.load(List.of(binary)).fingerprints()).containsExactly(rsa, ed);
        assertThatThrownBy(() -> OpenPgpKeyRing.load(List.of(missing, binary, notKeys)))
                .isInstanceOf(InvalidPolicyException.class)
                .satisfies(e -> assertThat(((InvalidPolicyException) e).problems())
                        .extracting(problem -> problem.message())
                        .satisfiesExactly(
                                first -> assertThat(first)
                                        .isEqualTo(missing + " does not exist, so no OpenPGP signature can be trusted"
                                                + " through it."),
                                second -> assertThat(second)
                                        .isEqualTo(notKeys + " holds no OpenPGP public key, so no OpenPGP signature"
                                                + " can be trusted through it.")));
    }

    private CheckResult check(Path signature) throws Exception {
        return StreamingRun.check(verifier(ring), artifact, signature);
    }

    private static OpenPgpSignatureVerifier verifier(Path keyFile) throws InvalidPolicyException {
        return new OpenPgpSignatureVerifier(OpenPgpKeyRing.load(List.of(keyFile)), Clock.systemUTC());
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = new byte[first.length + second.length];
        System.arraycopy(first, 0, both, 0, first.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }
}
