package io.jenkins.plugins.releasegate.core.signature;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactDigests;
import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import io.jenkins.plugins.releasegate.core.evidence.ArtifactContext;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceRejection;
import io.jenkins.plugins.releasegate.core.evidence.PendingCheck;
import io.jenkins.plugins.releasegate.core.policy.Signers;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSTypedData;
import org.bouncycastle.cms.SignerId;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * A parsed CMS signature waiting for the artifact's digests. Structure and algorithms are checked while reading;
 * everything that needs the artifact, the clock or the trust anchors is checked in {@link #complete}.
 */
final class PendingCmsSignature implements PendingCheck {

    /** How far a signing time may lie ahead of the gate's clock before it is refused. */
    static final Duration ALLOWED_CLOCK_SKEW = Duration.ofMinutes(5);

    static final String SIGNER = "signer";
    static final String CERTIFICATE_SHA256 = "certificateSha256";
    static final String SIGNING_TIME = "signingTime";
    static final String DIGEST_ALGORITHM = "digestAlgorithm";
    static final String TRUST_ANCHOR = "trustAnchor";
    static final String SIGNERS = "signers";
    static final String UNTRUSTED_SIGNERS = "untrustedSigners";

    private static final int SHORT_HEX = 16;
    // A private instance, never registered, so that the gate does not change the JVM's providers (Jenkins shares it).
    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();

    /** Initialises this class, and with it the provider, in the calling thread. */
    static void preload() {
        Objects.requireNonNull(BOUNCY_CASTLE);
    }

    /** What the verifier was configured with. */
    record Settings(
            CertificateTrust trust,
            boolean codeSigningRequired,
            Signers signers,
            Clock clock,
            SignerCertificates certificates) {}

    /** The provider that verifies signature values; the first call builds it, unless {@link #preload} did. */
    static Provider provider() {
        return BOUNCY_CASTLE;
    }

    private final ContentInfo contentInfo;
    private final List<SignerPlan> signers;
    private final List<X509Certificate> certificates;
    private final byte[] embeddedSha256;
    private final EvidenceFile evidence;
    private final ArtifactContext artifact;
    private final Settings settings;

    private PendingCmsSignature(
            ContentInfo contentInfo,
            List<SignerPlan> signers,
            List<X509Certificate> certificates,
            byte[] embeddedSha256,
            EvidenceFile evidence,
            ArtifactContext artifact,
            Settings settings) {
        this.contentInfo = contentInfo;
        this.signers = List.copyOf(signers);
        this.certificates = List.copyOf(certificates);
        this.embeddedSha256 = embeddedSha256;
        this.evidence = evidence;
        this.artifact = artifact;
        this.settings = settings;
    }

    /** Checks what can be checked without the artifact, and plans the rest. */
    static PendingCmsSignature of(
            CMSSignedData signedData, EvidenceFile evidence, ArtifactContext artifact, Settings settings)
            throws EvidenceRejection {
        String name = evidence.displayPath();
        List<SignerInformation> signerInfos = signerInfos(signedData, name);
        if (signerInfos.isEmpty()) {
            throw new EvidenceRejection(
                    Code.SIGNATURE_MALFORMED,
                    name + " holds no signer, so it signs nothing and the signature check fails.");
        }
        if (!CMSObjectIdentifiers.data.getId().equals(signedData.getSignedContentTypeOID())) {
            throw new EvidenceRejection(
                    Code.SIGNATURE_UNSUPPORTED,
                    name + " signs content of type " + signedData.getSignedContentTypeOID()
                            + " rather than plain data, so it is no file signature and the signature check fails.");
        }

        List<SignerPlan> plans = new ArrayList<>();
        for (SignerInformation signer : signerInfos) {
            plans.add(SignerPlan.read(signer, name));
        }
        return new PendingCmsSignature(
                signedData.toASN1Structure(),
                plans,
                certificates(signedData, name, settings.certificates()),
                embeddedSha256(signedData),
                evidence,
                artifact,
                settings);
    }

    @Override
    public Set<DigestAlgorithm> digestsNeeded() {
        Set<DigestAlgorithm> needed = EnumSet.noneOf(DigestAlgorithm.class);
        signers.forEach(signer -> needed.add(signer.digest()));
        if (embeddedSha256 != null) {
            needed.add(DigestAlgorithm.SHA_256);
        }
        return Set.copyOf(needed);
    }

    @Override
    public CheckResult complete(ArtifactDigests digests) {
        Map<String, String> facts = new LinkedHashMap<>();
        try {
            requireEmbeddedContentIsArtifact(digests);
            List<SignerInformation> signerInfos = signerInfosWith(digests);

            Map<String, String> trustedSignerFacts = null;
            List<Untrusted> untrusted = new ArrayList<>();
            for (int i = 0; i < signers.size(); i++) {
                facts = new LinkedHashMap<>();
                try {
                    verifySigner(signers.get(i), signerInfos.get(i), digests, facts);
                    trustedSignerFacts = trustedSignerFacts == null ? facts : trustedSignerFacts;
                } catch (EvidenceRejection e) {
                    // Under "any", a signer nobody vouches for may stand beside a trusted one; nothing else may fail.
                    if (settings.signers() != Signers.ANY || e.code() != Code.SIGNATURE_UNTRUSTED) {
                        throw e;
                    }
                    untrusted.add(new Untrusted(e, facts, signerName(signers.get(i), facts)));
                }
            }
            if (trustedSignerFacts == null) {
                Untrusted first = untrusted.get(0);
                facts = first.facts();
                throw untrusted.size() == 1 ? first.rejection() : noneTrusted(untrusted);
            }
            return passed(trustedSignerFacts, untrusted);
        } catch (EvidenceRejection e) {
            return CheckResult.fail(Check.SIGNATURE, e.code(), name(), e.detail())
                    .withFacts(facts);
        } catch (RuntimeException e) {
            return CmsSignatureVerifier.internalError(evidence, e).withFacts(facts);
        }
    }

    /** A signer that verified as far as trust and no further, which {@code signature.signers: any} tolerates. */
    private record Untrusted(EvidenceRejection rejection, Map<String, String> facts, String signer) {}

    private EvidenceRejection noneTrusted(List<Untrusted> untrusted) {
        String names =
                String.join("; ", untrusted.stream().map(Untrusted::signer).toList());
        return new EvidenceRejection(
                Code.SIGNATURE_UNTRUSTED,
                name() + " has " + untrusted.size() + " signers and none of them is trusted (" + names + "), so the"
                        + " signature check fails, although the policy accepts any one trusted signer.");
    }

    private CheckResult passed(Map<String, String> signerFacts, List<Untrusted> untrusted) {
        Map<String, String> facts = new LinkedHashMap<>(signerFacts);
        String signedBy = "by " + facts.get(SIGNER);
        if (signers.size() > 1) {
            facts.put(SIGNERS, Integer.toString(signers.size()));
            signedBy = "by " + signers.size() + " signers, " + (untrusted.isEmpty() ? "the first " : "among them ")
                    + facts.get(SIGNER) + ",";
        }
        String trustedThrough = TrustedChain.PINNED.equals(facts.get(TRUST_ANCHOR))
                ? "a pinned signer certificate"
                : "trusted through " + facts.get(TRUST_ANCHOR);
        String others = "";
        if (!untrusted.isEmpty()) {
            // Subjects hold commas, so signers are separated by semicolons.
            String names =
                    String.join("; ", untrusted.stream().map(Untrusted::signer).toList());
            facts.put(UNTRUSTED_SIGNERS, names);
            others = "; the policy accepts any one trusted signer, and "
                    + (untrusted.size() == 1
                            ? "the other signer " + names + " is"
                            : "the other signers " + names + " are")
                    + " not trusted";
        }
        return CheckResult.pass(
                Check.SIGNATURE,
                Code.SIGNATURE_VALID,
                name(),
                name() + " is a valid CMS signature of " + artifact.fileName() + " " + signedBy + " " + trustedThrough
                        + others + ".",
                facts);
    }

    /** The signer's subject when its certificate was found, else how the signature identifies it. */
    private static String signerName(SignerPlan plan, Map<String, String> facts) {
        String subject = facts.get(SIGNER);
        return subject != null ? subject : describe(plan.id());
    }

    private void verifySigner(
            SignerPlan plan, SignerInformation signerInfo, ArtifactDigests digests, Map<String, String> facts)
            throws EvidenceRejection {
        facts.put(DIGEST_ALGORITHM, plan.digest().jcaName());
        if (plan.signingTime() != null) {
            facts.put(SIGNING_TIME, plan.signingTime().toString());
        }

        // The signed message digest is what binds the signature to content: it must be the artifact's.
        byte[] artifactDigest = artifactDigest(digests, plan.digest());
        if (!MessageDigest.isEqual(plan.statedDigest(), artifactDigest)) {
            throw new EvidenceRejection(
                    Code.SIGNATURE_CONTENT_MISMATCH,
                    name() + " was made for other content than " + artifact.fileName() + ": it signs "
                            + plan.digest().jcaName() + " " + shortHex(plan.statedDigest()) + ", but "
                            + artifact.fileName() + " has " + shortHex(artifactDigest)
                            + ", so the signature check fails.");
        }

        // Who signed, and whether their key is strong enough to mean anything.
        X509Certificate certificate = signerCertificate(plan.id());
        String signer = CertificateTrust.subject(certificate);
        facts.put(SIGNER, signer);
        facts.put(CERTIFICATE_SHA256, sha256Hex(certificate));
        Optional<String> weakKey = AlgorithmStrength.keyWeakness(certificate.getPublicKey());
        if (weakKey.isPresent()) {
            throw new EvidenceRejection(
                    Code.SIGNATURE_WEAK_ALGORITHM,
                    name() + " is signed by " + signer + " with " + weakKey.get() + ", so the signature check fails.");
        }

        requireSignatureValue(signerInfo, certificate, signer);

        // Whether the policy's certificates vouch for the signer at the time it signed.
        Instant validationTime = validationTime(plan);
        TrustedChain chain = requireTrusted(certificate, signer, plan, validationTime);
        facts.put(TRUST_ANCHOR, chain.anchorName());
        requireStrongChain(chain, signer);

        requireSigningUsage(certificate, signer);
    }

    private void requireEmbeddedContentIsArtifact(ArtifactDigests digests) throws EvidenceRejection {
        if (embeddedSha256 == null) {
            return;
        }
        byte[] artifactSha256 = artifactDigest(digests, DigestAlgorithm.SHA_256);
        if (!MessageDigest.isEqual(embeddedSha256, artifactSha256)) {
            throw new EvidenceRejection(
                    Code.SIGNATURE_CONTENT_MISMATCH,
                    name() + " embeds other content than " + artifact.fileName() + ": SHA-256 "
                            + shortHex(embeddedSha256) + " embedded, " + shortHex(artifactSha256) + " in "
                            + artifact.fileName() + ", so the signature check fails.");
        }
    }

    /** The signer infos again, now carrying the artifact's digests, as Bouncy Castle verifies detached content. */
    private List<SignerInformation> signerInfosWith(ArtifactDigests digests) throws EvidenceRejection {
        Map<ASN1ObjectIdentifier, byte[]> hashes = new HashMap<>();
        for (DigestAlgorithm algorithm : digestsNeeded()) {
            hashes.put(new ASN1ObjectIdentifier(algorithm.oid()), artifactDigest(digests, algorithm));
        }
        try {
            return List.copyOf(
                    new CMSSignedData(hashes, contentInfo).getSignerInfos().getSigners());
        } catch (CMSException e) {
            throw malformed("its signed-data cannot be parsed (" + e.getMessage() + ")");
        }
    }

    private byte[] artifactDigest(ArtifactDigests digests, DigestAlgorithm algorithm) throws EvidenceRejection {
        return digests.get(algorithm)
                .orElseThrow(() -> new EvidenceRejection(
                        Code.INTERNAL_ERROR,
                        name() + " could not be checked because the gate did not compute the " + algorithm.jcaName()
                                + " digest of " + artifact.fileName() + ", so the signature check fails."));
    }

    private X509Certificate signerCertificate(SignerId id) throws EvidenceRejection {
        List<X509Certificate> matches =
                certificates.stream().filter(c -> identifies(id, c)).distinct().toList();
        if (matches.isEmpty()) {
            // openssl cms -nocerts leaves the certificate out; a pinned signer can still be recognised.
            matches = settings.trust().pinnedSigners().stream()
                    .filter(c -> identifies(id, c))
                    .toList();
        }

        if (matches.isEmpty()) {
            throw new EvidenceRejection(
                    Code.SIGNATURE_UNTRUSTED,
                    name() + " does not carry the certificate of its signer (" + describe(id)
                            + "), and no pinned certificate in " + CertificateTrust.POLICY_KEY
                            + " matches it, so the signature check fails.");
        }
        if (matches.size() > 1) {
            throw malformed("it carries " + matches.size() + " different certificates that match its signer ("
                    + describe(id) + ")");
        }
        return matches.get(0);
    }

    private void requireSignatureValue(SignerInformation signerInfo, X509Certificate certificate, String signer)
            throws EvidenceRejection {
        boolean valid;
        try {
            // Built from the bare key: dates and trust are decided later, in their own order, with their own codes.
            valid = signerInfo.verify(settings.certificates().verifier(certificate));
        } catch (OperatorCreationException e) {
            throw new EvidenceRejection(
                    Code.SIGNATURE_UNSUPPORTED,
                    name() + " uses a signature algorithm the gate cannot verify (" + e.getMessage()
                            + "), so the signature check fails.");
        } catch (CMSException | RuntimeException e) {
            throw invalid(signer, e.getMessage());
        }
        if (!valid) {
            throw invalid(signer, "the signature value is wrong");
        }
    }

    private Instant validationTime(SignerPlan plan) throws EvidenceRejection {
        Instant now = settings.clock().instant();
        if (plan.signingTime() == null) {
            return now;
        }
        if (plan.signingTime().isAfter(now.plus(ALLOWED_CLOCK_SKEW))) {
            throw new EvidenceRejection(
                    Code.SIGNATURE_TIME_INVALID,
                    name() + " claims to be signed at " + plan.signingTime() + ", more than "
                            + ALLOWED_CLOCK_SKEW.toMinutes() + " minutes after the gate's clock (" + now
                            + "), so the signature check fails.");
        }
        return plan.signingTime();
    }

    private TrustedChain requireTrusted(X509Certificate certificate, String signer, SignerPlan plan, Instant at)
            throws EvidenceRejection {
        if (settings.trust().isEmpty()) {
            throw new EvidenceRejection(
                    Code.SIGNATURE_NO_TRUST_ANCHORS,
                    name() + " is signed by " + signer + ", but the policy trusts no certificate, so no CMS signature"
                            + " can pass and the signature check fails; add the release CA or the signer certificate"
                            + " to " + CertificateTrust.POLICY_KEY + ".");
        }
        try {
            return settings.trust().validate(certificate, certificates, at);
        } catch (CertificateTrustException e) {
            String timeSource = "";
            if (e.code() == Code.SIGNATURE_CERTIFICATE_NOT_VALID) {
                timeSource = plan.signingTime() == null
                        ? " (the gate's clock, as the signature states no signing time)"
                        : " (the signing time)";
            }
            throw new EvidenceRejection(
                    e.code(),
                    name() + " is signed by " + signer + ", but " + e.getMessage() + timeSource
                            + ", so the signature check fails.");
        }
    }

    private void requireStrongChain(TrustedChain chain, String signer) throws EvidenceRejection {
        if (chain.isPinned()) {
            // A pinned certificate is trusted as its exact bytes; how its issuer signed it proves nothing either way.
            return;
        }
        for (X509Certificate certificate : chain.path()) {
            if (AlgorithmStrength.isWeakSignatureAlgorithm(certificate.getSigAlgName())) {
                throw weakChain(signer, certificate, "is signed with " + certificate.getSigAlgName());
            }
        }
        List<X509Certificate> issuers =
                new ArrayList<>(chain.path().subList(1, chain.path().size()));
        issuers.add(chain.anchor());
        for (X509Certificate issuer : issuers) {
            Optional<String> weakKey = AlgorithmStrength.keyWeakness(issuer.getPublicKey());
            if (weakKey.isPresent()) {
                throw weakChain(signer, issuer, "has " + weakKey.get());
            }
        }
    }

    private EvidenceRejection weakChain(String signer, X509Certificate certificate, String weakness) {
        return new EvidenceRejection(
                Code.SIGNATURE_WEAK_ALGORITHM,
                name() + " is signed by " + signer + ", but the certificate " + CertificateTrust.subject(certificate)
                        + " in its chain " + weakness + ", so the signature check fails.");
    }

    private void requireSigningUsage(X509Certificate certificate, String signer) throws EvidenceRejection {
        Optional<SignerCertificateUsage.Refusal> refusal =
                SignerCertificateUsage.refusal(certificate, settings.codeSigningRequired());
        if (refusal.isPresent()) {
            throw new EvidenceRejection(
                    refusal.get().code(),
                    name() + " is signed by " + signer + ", " + refusal.get().reason()
                            + ", so the signature check fails.");
        }
    }

    private EvidenceRejection invalid(String signer, String reason) {
        return new EvidenceRejection(
                Code.SIGNATURE_INVALID,
                name() + " does not verify with the public key of its signer " + signer + " (" + reason
                        + "), so the signature check fails.");
    }

    private EvidenceRejection malformed(String reason) {
        return CmsSignatureVerifier.malformed(name(), reason);
    }

    private String name() {
        return evidence.displayPath();
    }

    private static List<SignerInformation> signerInfos(CMSSignedData signedData, String name) throws EvidenceRejection {
        try {
            return List.copyOf(signedData.getSignerInfos().getSigners());
        } catch (RuntimeException e) {
            throw CmsSignatureVerifier.malformed(
                    name, "its signer information cannot be parsed (" + e.getMessage() + ")");
        }
    }

    private static List<X509Certificate> certificates(CMSSignedData signedData, String name, SignerCertificates parsed)
            throws EvidenceRejection {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            for (X509CertificateHolder holder : signedData.getCertificates().getMatches(null)) {
                certificates.add(parsed.certificate(holder));
            }
        } catch (CertificateException | RuntimeException e) {
            throw CmsSignatureVerifier.malformed(
                    name, "it carries a certificate that cannot be parsed (" + e.getMessage() + ")");
        }
        return certificates;
    }

    private static byte[] embeddedSha256(CMSSignedData signedData) {
        CMSTypedData content = signedData.getSignedContent();
        if (content == null) {
            return null;
        }
        return DigestAlgorithm.SHA_256.newDigest().digest((byte[]) content.getContent());
    }

    private static boolean identifies(SignerId id, X509Certificate certificate) {
        try {
            return id.match(new JcaX509CertificateHolder(certificate));
        } catch (CertificateEncodingException e) {
            return false;
        }
    }

    private static String describe(SignerId id) {
        if (id.getSubjectKeyIdentifier() != null) {
            return "subject key identifier " + HexFormat.of().formatHex(id.getSubjectKeyIdentifier());
        }
        return "issuer " + id.getIssuer() + ", serial number "
                + id.getSerialNumber().toString(16);
    }

    private static String sha256Hex(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(DigestAlgorithm.SHA_256.newDigest().digest(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("A parsed certificate could not be encoded again", e);
        }
    }

    private static String shortHex(byte[] digest) {
        String hex = HexFormat.of().formatHex(digest);
        return hex.length() <= SHORT_HEX ? hex : hex.substring(0, SHORT_HEX) + "...";
    }
}
