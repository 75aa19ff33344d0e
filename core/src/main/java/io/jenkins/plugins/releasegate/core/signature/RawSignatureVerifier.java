package io.jenkins.plugins.releasegate.core.signature;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactDigests;
import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import io.jenkins.plugins.releasegate.core.evidence.ArtifactContext;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceLimits;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceRejection;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceVerifier;
import io.jenkins.plugins.releasegate.core.evidence.PendingCheck;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Verifies raw signatures: the base64 of an ECDSA (DER) or RSA PKCS#1 v1.5 signature over the artifact, as
 * {@code cosign sign-blob --key} and {@code openssl dgst -sha256 -sign} make them, against the policy's public keys
 * ({@code signature.trust.publicKeys}). The signature passes when one key of the set verifies it over the artifact's
 * SHA-256, or over the digest Sigstore uses for that key's curve (SHA-384 on P-384, SHA-512 on P-521). A raw signature
 * names neither signer nor time, so there is nothing else to check: no expiry, no revocation. One instance serves any
 * number of threads.
 */
public final class RawSignatureVerifier implements EvidenceVerifier {

    static final String PUBLIC_KEY_SHA256 = "publicKeySha256";
    static final String PUBLIC_KEY_FILE = "publicKeyFile";
    static final String ALGORITHM = "algorithm";

    private final PublicKeySet keys;

    public RawSignatureVerifier(PublicKeySet keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    @Override
    public Check check() {
        return Check.SIGNATURE;
    }

    @Override
    public PendingCheck read(EvidenceFile evidence, ArtifactContext artifact) {
        try {
            EvidenceLimits.Reading reading = EvidenceLimits.readAll(Check.SIGNATURE, evidence);
            if (reading.failed().isPresent()) {
                return PendingCheck.decided(reading.failed().get());
            }

            byte[] signature = decode(reading.bytes(), evidence.displayPath());
            requireKeys(keys, evidence.displayPath(), "raw signature");
            return new PendingRawSignature(signature, evidence, artifact);
        } catch (EvidenceRejection e) {
            return PendingCheck.decided(
                    CheckResult.fail(Check.SIGNATURE, e.code(), evidence.displayPath(), e.detail()));
        } catch (RuntimeException e) {
            return PendingCheck.decided(CmsSignatureVerifier.internalError(evidence, e));
        }
    }

    /** Fails a signature that no key could ever verify, because the policy trusts none. */
    static void requireKeys(PublicKeySet keys, String evidenceName, String kind) throws EvidenceRejection {
        if (keys.isEmpty()) {
            throw new EvidenceRejection(
                    Code.SIGNATURE_NO_TRUST_ANCHORS,
                    evidenceName + " is a " + kind + ", but the policy trusts no public key (" + PublicKeySet.POLICY_KEY
                            + " is empty), so the signature check fails.");
        }
    }

    private static byte[] decode(byte[] text, String name) throws EvidenceRejection {
        String base64 = new String(text, StandardCharsets.US_ASCII).replaceAll("\\s", "");
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw malformed(name, "it is not valid base64 (" + e.getMessage() + ")");
        }
        if (signature.length == 0) {
            throw malformed(name, "it is empty");
        }
        return signature;
    }

    private static EvidenceRejection malformed(String name, String reason) {
        return new EvidenceRejection(
                Code.SIGNATURE_MALFORMED,
                name + " is not a usable raw signature: " + reason + ", so the signature check fails.");
    }

    /** A decoded raw signature waiting for the artifact's digests. */
    private final class PendingRawSignature implements PendingCheck {

        private final byte[] signature;
        private final EvidenceFile evidence;
        private final ArtifactContext artifact;

        PendingRawSignature(byte[] signature, EvidenceFile evidence, ArtifactContext artifact) {
            this.signature = signature;
            this.evidence = evidence;
            this.artifact = artifact;
        }

        @Override
        public Set<DigestAlgorithm> digestsNeeded() {
            return keys.digestAlgorithms();
        }

        @Override
        public CheckResult complete(ArtifactDigests digests) {
            try {
                for (TrustedPublicKey key : keys.keys()) {
                    for (DigestAlgorithm algorithm : candidateDigests(key)) {
                        byte[] digest = digests.get(algorithm).orElse(null);
                        if (digest != null && PrehashedSignature.verifies(key, algorithm, digest, signature)) {
                            return passed(key, algorithm);
                        }
                    }
                }
                return CheckResult.fail(
                        Check.SIGNATURE,
                        Code.SIGNATURE_INVALID,
                        evidence.displayPath(),
                        evidence.displayPath() + " is no signature of " + artifact.fileName() + " by any of the "
                                + keys.keys().size() + " public keys in " + PublicKeySet.POLICY_KEY + ": either "
                                + artifact.fileName() + " changed after it was signed, or another key signed it, so"
                                + " the signature check fails.");
            } catch (RuntimeException e) {
                return CmsSignatureVerifier.internalError(evidence, e);
            }
        }

        private CheckResult passed(TrustedPublicKey key, DigestAlgorithm algorithm) {
            Map<String, String> facts = new LinkedHashMap<>();
            facts.put(PUBLIC_KEY_SHA256, key.sha256());
            facts.put(PUBLIC_KEY_FILE, key.source());
            facts.put(ALGORITHM, key.description() + " with " + algorithm.jcaName());
            return CheckResult.pass(
                    Check.SIGNATURE,
                    Code.SIGNATURE_VALID,
                    evidence.displayPath(),
                    evidence.displayPath() + " is a valid raw signature of " + artifact.fileName()
                            + " by the public key " + key.source() + " (" + key.description() + ").",
                    facts);
        }
    }

    /** The key's natural digest first, then SHA-256, which {@code openssl dgst -sha256} uses with any key. */
    static Set<DigestAlgorithm> candidateDigests(TrustedPublicKey key) {
        return new LinkedHashSet<>(List.of(key.naturalDigest(), DigestAlgorithm.SHA_256));
    }
}
