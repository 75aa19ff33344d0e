package io.jenkins.plugins.releasegate.core.signature;

import io.jenkins.plugins.releasegate.core.evidence.ArtifactContext;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceLimits;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceRejection;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceVerifier;
import io.jenkins.plugins.releasegate.core.evidence.PendingCheck;
import io.jenkins.plugins.releasegate.core.policy.SignaturePolicy;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.time.Clock;
import java.util.Objects;
import org.bouncycastle.cms.CMSSignedData;

/**
 * Verifies CMS/PKCS#7 detached signatures (DER or PEM), as {@code openssl cms -sign} and the gate's own HSM signer
 * make them, against the artifact's digests and the policy's certificates.
 *
 * <p>{@link #read} parses the file, refuses what no artifact could make pass (no signer, no signed attributes, weak
 * or unknown algorithms) and asks for the digest algorithms the signers use. The returned check then decides from the
 * artifact's digests alone, stopping at the first failure, for each signer in turn: the signed message digest
 * against the artifact, the signer's certificate (carried in the signature, or pinned) and its key size, the
 * signature value, the signing time, whether any certificate is trusted at all, the chain to a trust anchor with the
 * validity dates of every certificate on it, the algorithms of that chain, and the signer's key usages. Every signer
 * must pass; under {@code signature.signers: any}, signers that no trust anchor vouches for may stand beside one that
 * passes, but their signatures must still verify. A signature that embeds its content passes only when that content
 * is the artifact, compared by SHA-256.
 *
 * <p>Certificates must be valid at the signed signing-time attribute when there is one, else at the clock's
 * instant. Revocation is not checked. One instance serves any number of threads.
 */
public final class CmsSignatureVerifier implements EvidenceVerifier {

    private final SignaturePolicy policy;
    private final CertificateTrust trust;
    private final Clock clock;
    private final SignerCertificates certificates = new SignerCertificates(PendingCmsSignature::provider);

    public CmsSignatureVerifier(SignaturePolicy policy, CertificateTrust trust, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.trust = Objects.requireNonNull(trust, "trust");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Whether a file that starts with these bytes looks like a CMS signature: a PEM {@code PKCS7} or {@code CMS}
     * block, or DER whose ContentInfo names signed-data. Cheap, for recognising formats by content; 64 bytes are
     * plenty.
     */
    public static boolean recognises(byte[] start) {
        return CmsEncoding.looksLikeCms(start);
    }

    /**
     * Makes, ahead of the first signature, the state every CMS check shares: the Bouncy Castle provider, whose
     * registration of some thousands of algorithms takes a few hundred milliseconds. Safe from any thread; a failure
     * here is left for the first real check to meet and report.
     */
    public static void preload() {
        PendingCmsSignature.preload();
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

            CMSSignedData signedData = CmsEncoding.decode(reading.bytes(), evidence.displayPath());
            return PendingCmsSignature.of(
                    signedData,
                    evidence,
                    artifact,
                    new PendingCmsSignature.Settings(
                            trust, policy.codeSigning(), policy.signers(), clock, certificates));
        } catch (EvidenceRejection e) {
            return PendingCheck.decided(
                    CheckResult.fail(Check.SIGNATURE, e.code(), evidence.displayPath(), e.detail()));
        } catch (RuntimeException e) {
            return PendingCheck.decided(internalError(evidence, e));
        }
    }

    static CheckResult internalError(EvidenceFile evidence, RuntimeException e) {
        return CheckResult.fail(
                Check.SIGNATURE,
                Code.INTERNAL_ERROR,
                evidence.displayPath(),
                evidence.displayPath() + " could not be checked because of an internal error ("
                        + e.getClass().getName() + ": " + e.getMessage() + "), so the signature check fails.");
    }

    /** A file that is no CMS signature the gate can use; {@code reason} is a clause such as "it is empty". */
    static EvidenceRejection malformed(String evidenceName, String reason) {
        return new EvidenceRejection(
                Code.SIGNATURE_MALFORMED,
                evidenceName + " is not a usable CMS signature: " + reason + ", so the signature check fails.");
    }
}
