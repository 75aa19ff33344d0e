package io.jenkins.plugins.releasegate.core.signature;

import io.jenkins.plugins.releasegate.core.evidence.ArtifactContext;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceLimits;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceRejection;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceVerifier;
import io.jenkins.plugins.releasegate.core.evidence.PendingCheck;
import io.jenkins.plugins.releasegate.core.evidence.StreamingCheck;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPMarker;
import org.bouncycastle.openpgp.PGPObjectFactory;
import org.bouncycastle.openpgp.PGPOnePassSignatureList;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;

/**
 * Verifies detached OpenPGP signatures ({@code A.asc} armored, {@code A.sig} binary), as {@code gpg --detach-sign}
 * makes them, against the policy's OpenPGP keys ({@code signature.trust.openpgpKeys}).
 *
 * <p>{@link #read} parses the signatures and decides what needs no artifact: a binary-document signature (text
 * signatures are refused), a strong hash (no MD5, no SHA-1), a signing key that is in the key ring, and a key of
 * adequate size (RSA and DSA of at least 2048 bits) for both that key and its primary key. Because an OpenPGP
 * signature hashes the document followed by a trailer of its own, no plain digest can decide it, so the returned check
 * is a {@link StreamingCheck} that the gate feeds with the artifact's bytes during its single read. Its
 * {@code complete} then checks, stopping at the first failure: that it saw the whole artifact, the signature value, a
 * creation time not in the future and the signature not expired, and, at the signature's creation time, that the
 * primary key and the signing key were neither revoked nor expired, were bound by valid self-signatures, and that the
 * signing key was allowed to sign data. Every signature in the file must pass. One instance serves any number of
 * threads.
 */
public final class OpenPgpSignatureVerifier implements EvidenceVerifier {

    private final OpenPgpKeyRing keys;
    private final Clock clock;

    public OpenPgpSignatureVerifier(OpenPgpKeyRing keys, Clock clock) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Check check() {
        return Check.SIGNATURE;
    }

    /** Returns a {@link StreamingCheck} unless the check is decided already. */
    @Override
    public PendingCheck read(EvidenceFile evidence, ArtifactContext artifact) {
        try {
            EvidenceLimits.Reading reading = EvidenceLimits.readAll(Check.SIGNATURE, evidence);
            if (reading.failed().isPresent()) {
                return PendingCheck.decided(reading.failed().get());
            }

            List<PGPSignature> signatures = parse(reading.bytes(), evidence.displayPath());
            if (keys.isEmpty()) {
                throw new EvidenceRejection(
                        Code.SIGNATURE_NO_TRUST_ANCHORS,
                        evidence.displayPath() + " is an OpenPGP signature, but the policy trusts no OpenPGP key ("
                                + OpenPgpKeyRing.POLICY_KEY + " is empty), so the signature check fails.");
            }
            return PendingOpenPgpSignature.of(signatures, evidence, artifact, keys, clock);
        } catch (EvidenceRejection e) {
            return PendingCheck.decided(
                    CheckResult.fail(Check.SIGNATURE, e.code(), evidence.displayPath(), e.detail()));
        } catch (RuntimeException e) {
            return PendingCheck.decided(CmsSignatureVerifier.internalError(evidence, e));
        }
    }

    /** The signature packets of a detached signature file, armored or binary. */
    private List<PGPSignature> parse(byte[] bytes, String name) throws EvidenceRejection {
        List<PGPSignature> signatures = new ArrayList<>();
        try (InputStream decoded = PGPUtil.getDecoderStream(new ByteArrayInputStream(bytes))) {
            PGPObjectFactory packets = keys.implementation().pgpObjectFactory(decoded);
            for (Object next = packets.nextObject(); next != null; next = packets.nextObject()) {
                if (next instanceof PGPSignatureList list) {
                    list.forEach(signatures::add);
                } else if (!(next instanceof PGPMarker)) {
                    throw malformed(name, notASignature(next));
                }
            }
        } catch (IOException | RuntimeException e) {
            throw malformed(name, "its OpenPGP packets cannot be read (" + e.getMessage() + ")");
        }
        if (signatures.isEmpty()) {
            throw malformed(name, "it holds no signature packet");
        }
        return signatures;
    }

    private static String notASignature(Object packet) {
        if (packet instanceof PGPCompressedData
                || packet instanceof PGPLiteralData
                || packet instanceof PGPOnePassSignatureList) {
            return "it is a signed message that carries its content (gpg --sign), where a detached signature (gpg"
                    + " --detach-sign) belongs";
        }
        if (packet instanceof PGPPublicKeyRing || packet instanceof PGPSecretKeyRing) {
            return "it holds an OpenPGP key rather than a signature";
        }
        return "it holds an OpenPGP " + packet.getClass().getSimpleName() + " where only signatures belong";
    }

    /** A file that is no OpenPGP signature the gate can use; {@code reason} is a clause such as "it is empty". */
    static EvidenceRejection malformed(String name, String reason) {
        return new EvidenceRejection(
                Code.SIGNATURE_MALFORMED,
                name + " is not a usable OpenPGP signature: " + reason + ", so the signature check fails.");
    }
}
