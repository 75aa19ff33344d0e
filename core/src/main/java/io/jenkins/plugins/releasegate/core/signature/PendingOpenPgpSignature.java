package io.jenkins.plugins.releasegate.core.signature;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactDigests;
import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import io.jenkins.plugins.releasegate.core.evidence.ArtifactContext;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceRejection;
import io.jenkins.plugins.releasegate.core.evidence.StreamingCheck;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.bcpg.HashAlgorithmTags;
import org.bouncycastle.bcpg.KeyIdentifier;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.bcpg.sig.RevocationReason;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureSubpacketVector;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPCertificate.OpenPGPComponentKey;
import org.bouncycastle.openpgp.api.OpenPGPCertificate.OpenPGPComponentSignature;
import org.bouncycastle.openpgp.api.OpenPGPCertificate.OpenPGPSignatureChain;
import org.bouncycastle.openpgp.api.OpenPGPCertificate.OpenPGPUserId;
import org.bouncycastle.openpgp.api.OpenPGPSignature.OpenPGPDocumentSignature;
import org.bouncycastle.openpgp.operator.jcajce.JcaPGPContentVerifierBuilderProvider;

/**
 * Detached OpenPGP signatures whose signing keys were found, initialised and waiting for the artifact's bytes. Fed
 * by one thread through {@link #update}, then completed once.
 */
final class PendingOpenPgpSignature implements StreamingCheck {

    static final String SIGNER = "signer";
    static final String KEY_ID = "keyId";
    static final String FINGERPRINT = "fingerprint";
    static final String PRIMARY_FINGERPRINT = "primaryFingerprint";
    static final String SIGNING_TIME = "signingTime";
    static final String HASH_ALGORITHM = "hashAlgorithm";
    static final String SIGNATURES = "signatures";
    /** When the keys were judged, where that is not the signing time; see {@link #judgingTime}. */
    static final String KEYS_JUDGED_AT = "keysJudgedAt";

    private static final Map<Integer, String> STRONG_HASHES = Map.of(
            HashAlgorithmTags.SHA224, "SHA-224",
            HashAlgorithmTags.SHA256, "SHA-256",
            HashAlgorithmTags.SHA384, "SHA-384",
            HashAlgorithmTags.SHA512, "SHA-512",
            HashAlgorithmTags.SHA3_256, "SHA3-256",
            HashAlgorithmTags.SHA3_384, "SHA3-384",
            HashAlgorithmTags.SHA3_512, "SHA3-512");
    private static final Map<Integer, String> WEAK_HASHES = Map.of(
            HashAlgorithmTags.MD5, "MD5",
            HashAlgorithmTags.SHA1, "SHA-1",
            HashAlgorithmTags.RIPEMD160, "RIPEMD-160",
            HashAlgorithmTags.MD2, "MD2",
            HashAlgorithmTags.MD4, "MD4",
            HashAlgorithmTags.TIGER_192, "Tiger-192",
            HashAlgorithmTags.HAVAL_5_160, "HAVAL-5-160",
            HashAlgorithmTags.DOUBLE_SHA, "double-width SHA");

    /** One signature with the key that made it. */
    private record Planned(PGPSignature signature, OpenPGPCertificate certificate, OpenPGPComponentKey key) {}

    private final List<Planned> planned;
    private final EvidenceFile evidence;
    private final ArtifactContext artifact;
    private final OpenPgpKeyRing keys;
    private final Clock clock;
    private long bytesSeen;
    private RuntimeException updateFailure;

    private PendingOpenPgpSignature(
            List<Planned> planned, EvidenceFile evidence, ArtifactContext artifact, OpenPgpKeyRing keys, Clock clock) {
        this.planned = List.copyOf(planned);
        this.evidence = evidence;
        this.artifact = artifact;
        this.keys = keys;
        this.clock = clock;
    }

    /** Checks what needs no artifact, finds each signature's key and prepares the signatures for the bytes. */
    static PendingOpenPgpSignature of(
            List<PGPSignature> signatures,
            EvidenceFile evidence,
            ArtifactContext artifact,
            OpenPgpKeyRing keys,
            Clock clock)
            throws EvidenceRejection {
        String name = evidence.displayPath();
        List<Planned> planned = new ArrayList<>();
        for (PGPSignature signature : signatures) {
            requireDocumentSignature(signature, name);
            requireStrongHash(signature, name);
            OpenPGPCertificate certificate = keys.certificateFor(signature)
                    .orElseThrow(() -> new EvidenceRejection(
                            Code.SIGNATURE_UNTRUSTED,
                            name + " is signed by the OpenPGP key " + issuer(signature) + ", which is not among the "
                                    + keys.size() + " keys in " + OpenPgpKeyRing.POLICY_KEY
                                    + ", so the signature check fails."));
            OpenPGPComponentKey key = keys.withCertificate(certificate, c -> c.getSigningKeyFor(signature));
            requireStrongKey(certificate.getPrimaryKey().getPGPPublicKey(), name);
            requireStrongKey(key.getPGPPublicKey(), name);
            try {
                initialise(signature, key, keys);
            } catch (PGPException e) {
                throw new EvidenceRejection(
                        Code.SIGNATURE_UNSUPPORTED,
                        name + " is signed by the OpenPGP key " + describe(key.getPGPPublicKey())
                                + ", whose algorithm the gate cannot verify (" + e.getMessage()
                                + "), so the signature check fails.");
            }
            planned.add(new Planned(signature, certificate, key));
        }
        return new PendingOpenPgpSignature(planned, evidence, artifact, keys, clock);
    }

    /**
     * Prepares a signature for the artifact's bytes. The Java runtime's own digests run several times faster than
     * Bouncy Castle's pure-Java ones on large artifacts, so its providers are tried first, without registering any
     * provider in the JVM (which Jenkins shares); Bouncy Castle's lightweight implementation covers what they lack.
     */
    private static void initialise(PGPSignature signature, OpenPGPComponentKey key, OpenPgpKeyRing keys)
            throws PGPException {
        try {
            signature.init(new JcaPGPContentVerifierBuilderProvider(), key.getPGPPublicKey());
        } catch (PGPException | RuntimeException e) {
            signature.init(keys.implementation().pgpContentVerifierBuilderProvider(), key.getPGPPublicKey());
        }
    }

    @Override
    public Set<DigestAlgorithm> digestsNeeded() {
        return Set.of();
    }

    @Override
    public void update(byte[] buffer, int offset, int length) {
        if (updateFailure != null) {
            return;
        }
        try {
            for (Planned signature : planned) {
                signature.signature().update(buffer, offset, length);
            }
            bytesSeen += length;
        } catch (RuntimeException e) {
            updateFailure = e;
        }
    }

    @Override
    public CheckResult complete(ArtifactDigests digests) {
        Map<String, String> facts = new LinkedHashMap<>();
        try {
            requireWholeArtifact(digests);
            Map<String, String> firstFacts = null;
            for (Planned signature : planned) {
                facts = new LinkedHashMap<>();
                verify(signature, facts);
                firstFacts = firstFacts == null ? facts : firstFacts;
            }
            return passed(firstFacts);
        } catch (EvidenceRejection e) {
            return CheckResult.fail(Check.SIGNATURE, e.code(), name(), e.detail())
                    .withFacts(facts);
        } catch (RuntimeException e) {
            return CmsSignatureVerifier.internalError(evidence, e).withFacts(facts);
        }
    }

    private void requireWholeArtifact(ArtifactDigests digests) throws EvidenceRejection {
        if (updateFailure != null) {
            throw new EvidenceRejection(
                    Code.INTERNAL_ERROR,
                    name() + " could not be checked because hashing " + artifact.fileName() + " failed ("
                            + updateFailure + "), so the signature check fails.");
        }
        if (bytesSeen != digests.size()) {
            throw new EvidenceRejection(
                    Code.INTERNAL_ERROR,
                    name() + " could not be checked: an OpenPGP signature must see the bytes of " + artifact.fileName()
                            + ", and the gate gave it " + bytesSeen + " of its " + digests.size()
                            + " bytes, so the signature check fails.");
        }
    }

    private void verify(Planned planned, Map<String, String> facts) throws EvidenceRejection {
        PGPSignature signature = planned.signature();
        OpenPGPComponentKey key = planned.key();
        Instant signed = signature.getCreationTime().toInstant();
        facts.put(SIGNER, keys.withCertificate(planned.certificate(), PendingOpenPgpSignature::signer));
        facts.put(KEY_ID, String.format("%016X", key.getPGPPublicKey().getKeyID()));
        facts.put(FINGERPRINT, OpenPgpKeyRing.hex(key.getPGPPublicKey().getFingerprint()));
        if (!key.isPrimaryKey()) {
            facts.put(
                    PRIMARY_FINGERPRINT,
                    OpenPgpKeyRing.hex(planned.certificate().getFingerprint()));
        }
        facts.put(SIGNING_TIME, signed.toString());
        facts.put(HASH_ALGORITHM, STRONG_HASHES.get(signature.getHashAlgorithm()));

        // The signature value: it binds the artifact's bytes to the key.
        OpenPGPDocumentSignature document = new OpenPGPDocumentSignature(signature, key);
        boolean correct;
        try {
            correct = document.verify();
        } catch (PGPException e) {
            throw OpenPgpSignatureVerifier.malformed(
                    name(), "its signature value cannot be checked (" + e.getMessage() + ")");
        }
        if (!correct) {
            throw new EvidenceRejection(
                    Code.SIGNATURE_INVALID,
                    name() + " does not verify with the key " + describe(key.getPGPPublicKey()) + " of "
                            + facts.get(SIGNER) + ": either " + artifact.fileName() + " changed after it was signed or"
                            + " the signature is damaged, so the signature check fails.");
        }

        requireTimeAcceptable(signature, signed);
        Instant judged = keys.withCertificate(planned.certificate(), certificate -> {
            Instant keysJudged = requireKeyValidAt(certificate, key, signed);
            requireAcceptedByBouncyCastle(document, keysJudged);
            return keysJudged;
        });
        if (!judged.equals(signed)) {
            facts.put(KEYS_JUDGED_AT, judged.toString());
        }
    }

    private void requireTimeAcceptable(PGPSignature signature, Instant signed) throws EvidenceRejection {
        Instant now = clock.instant();
        if (signed.isAfter(now.plus(PendingCmsSignature.ALLOWED_CLOCK_SKEW))) {
            throw new EvidenceRejection(
                    Code.SIGNATURE_TIME_INVALID,
                    name() + " claims to have been made at " + signed + ", after the gate's clock (" + now
                            + "), so the signature check fails.");
        }
        PGPSignatureSubpacketVector hashed = signature.getHashedSubPackets();
        long lifetime = hashed == null ? 0 : hashed.getSignatureExpirationTime();
        if (lifetime > 0 && now.isAfter(signed.plusSeconds(lifetime))) {
            throw new EvidenceRejection(
                    Code.SIGNATURE_TIME_INVALID,
                    name() + " expired on " + signed.plusSeconds(lifetime) + ", so the signature check fails.");
        }
    }

    /**
     * The primary key and the signing key, at the signature's creation time. Called under the certificate's lock.
     *
     * @return when the keys were judged: the signature's creation time, or later, see {@link #judgingTime}
     */
    private Instant requireKeyValidAt(OpenPGPCertificate certificate, OpenPGPComponentKey key, Instant signed)
            throws EvidenceRejection {
        Date at = Date.from(signed);
        if (at.before(key.getCreationTime())) {
            throw new EvidenceRejection(
                    Code.SIGNATURE_TIME_INVALID,
                    name() + " claims to have been made at " + signed + ", before its key "
                            + describe(key.getPGPPublicKey()) + " was created ("
                            + key.getCreationTime().toInstant()
                            + "), so the signature check fails.");
        }
        List<OpenPGPComponentKey> chain = new ArrayList<>(List.of(certificate.getPrimaryKey()));
        if (!key.isPrimaryKey()) {
            chain.add(key);
        }
        Date judged = at;
        for (OpenPGPComponentKey component : chain) {
            requireNotRevoked(component, signed);
            Date componentJudged = requireBound(component, signed);
            judged = componentJudged.after(judged) ? componentJudged : judged;
        }
        if (!key.isSigningKey(judged)) {
            throw new EvidenceRejection(
                    Code.SIGNATURE_NOT_CODE_SIGNING,
                    name() + " is signed by the key " + describe(key.getPGPPublicKey()) + ", which its certificate"
                            + " does not allow to sign data (its key flags lack the signing flag), so the signature"
                            + " check fails.");
        }
        return judged.toInstant();
    }

    private void requireNotRevoked(OpenPGPComponentKey component, Instant signed) throws EvidenceRejection {
        OpenPGPComponentSignature revocation = component.getRevocation(Date.from(signed));
        if (revocation == null) {
            return;
        }
        throw new EvidenceRejection(
                Code.SIGNATURE_UNTRUSTED,
                name() + " is signed by " + (component.isPrimaryKey() ? "a certificate whose primary key " : "the key ")
                        + describe(component.getPGPPublicKey()) + " was revoked on "
                        + revocation.getCreationTime().toInstant() + revocationReason(revocation)
                        + ", which counts for a signature made at " + signed + ", so the signature check fails.");
    }

    /** Requires a valid, unexpired binding of the key; returns the time it was judged at. */
    private Date requireBound(OpenPGPComponentKey component, Instant signed) throws EvidenceRejection {
        Date at = Date.from(signed);
        Date judged = judgingTime(component, at);
        if (component.isBoundAt(judged)) {
            return judged;
        }
        Optional<Date> expiry = expiry(component, judged);
        if (expiry.isPresent() && expiry.get().before(judged)) {
            throw new EvidenceRejection(
                    Code.SIGNATURE_CERTIFICATE_NOT_VALID,
                    name() + " was made at " + signed + ", but the key " + describe(component.getPGPPublicKey())
                            + " had expired on " + expiry.get().toInstant() + ", so the signature check fails.");
        }
        throw new EvidenceRejection(
                Code.SIGNATURE_UNTRUSTED,
                name() + " is signed by the key " + describe(component.getPGPPublicKey()) + ", which no valid"
                        + " self-signature binds to its certificate at " + signed + ", so the signature check fails.");
    }

    /**
     * When to judge a key for a signature made at {@code at}: at that time, unless every self-signature that binds
     * the key is younger than the signature. gpg replaces a key's self-signature whenever its expiry is changed, so
     * a key whose expiry was ever extended has no binding as old as its older signatures; its oldest binding then
     * speaks for the whole validity period it states, which must still cover {@code at}.
     */
    private static Date judgingTime(OpenPGPComponentKey component, Date at) {
        if (component.isBoundAt(at)) {
            return at;
        }
        Date oldestLater = null;
        for (OpenPGPSignatureChain chain : component.getSignatureChains()) {
            Date since = chain.getSince();
            if (chain.isCertification() && since.after(at) && (oldestLater == null || since.before(oldestLater))) {
                oldestLater = since;
            }
        }
        if (oldestLater == null) {
            return at;
        }
        Optional<Date> expiry = expiry(component, oldestLater);
        return expiry.isPresent() && !expiry.get().after(at) ? at : oldestLater;
    }

    private static Optional<Date> expiry(OpenPGPComponentKey component, Date at) {
        try {
            return Optional.ofNullable(component.getKeyExpirationDateAt(at));
        } catch (RuntimeException e) {
            // No self-signature applies at that time, so there is no expiry to report either.
            return Optional.empty();
        }
    }

    /** Bouncy Castle's own rules for the signature packet (critical subpackets, issuer, algorithm policy). */
    private void requireAcceptedByBouncyCastle(OpenPGPDocumentSignature document, Instant judged)
            throws EvidenceRejection {
        boolean valid;
        try {
            valid = document.isValidAt(Date.from(judged), keys.policy());
        } catch (PGPException e) {
            throw OpenPgpSignatureVerifier.malformed(
                    name(), "its signature packet breaks the OpenPGP rules (" + e.getMessage() + ")");
        }
        if (!valid) {
            throw new EvidenceRejection(
                    Code.SIGNATURE_UNTRUSTED,
                    name() + " verifies, but its key is not valid for signing at " + judged + " by the rules of"
                            + " RFC 9580, so the signature check fails.");
        }
    }

    private CheckResult passed(Map<String, String> firstFacts) {
        Map<String, String> facts = new LinkedHashMap<>(firstFacts);
        String signedBy = "by " + facts.get(SIGNER) + " (key " + facts.get(KEY_ID) + ")";
        if (planned.size() > 1) {
            facts.put(SIGNATURES, Integer.toString(planned.size()));
            signedBy = "by " + planned.size() + " keys, the first " + facts.get(SIGNER) + " (key " + facts.get(KEY_ID)
                    + "),";
        }
        return CheckResult.pass(
                Check.SIGNATURE,
                Code.SIGNATURE_VALID,
                name(),
                name() + " is a valid OpenPGP signature of " + artifact.fileName() + " " + signedBy + " made at "
                        + facts.get(SIGNING_TIME) + ".",
                facts);
    }

    private String name() {
        return evidence.displayPath();
    }

    private static void requireDocumentSignature(PGPSignature signature, String name) throws EvidenceRejection {
        int type = signature.getSignatureType();
        if (type == PGPSignature.CANONICAL_TEXT_DOCUMENT) {
            throw new EvidenceRejection(
                    Code.SIGNATURE_UNSUPPORTED,
                    name + " is a text signature (type 0x01, from gpg --textmode or --clearsign), which signs the"
                            + " file with its line endings changed; the gate verifies binary signatures only (gpg"
                            + " --detach-sign without --textmode), so the signature check fails.");
        }
        if (type != PGPSignature.BINARY_DOCUMENT) {
            throw OpenPgpSignatureVerifier.malformed(
                    name,
                    "it holds a signature of type 0x" + String.format("%02x", type) + ", not a document signature");
        }
    }

    private static void requireStrongHash(PGPSignature signature, String name) throws EvidenceRejection {
        int hash = signature.getHashAlgorithm();
        if (WEAK_HASHES.containsKey(hash)) {
            throw new EvidenceRejection(
                    Code.SIGNATURE_WEAK_ALGORITHM,
                    name + " hashes with " + WEAK_HASHES.get(hash) + ", which is too weak to prove who signed, so"
                            + " the signature check fails.");
        }
        if (!STRONG_HASHES.containsKey(hash)) {
            throw new EvidenceRejection(
                    Code.SIGNATURE_UNSUPPORTED,
                    name + " hashes with the OpenPGP hash algorithm " + hash + ", which the gate does not support, so"
                            + " the signature check fails.");
        }
    }

    private static void requireStrongKey(PGPPublicKey key, String name) throws EvidenceRejection {
        Optional<String> weakness = keyWeakness(key);
        if (weakness.isPresent()) {
            throw new EvidenceRejection(
                    Code.SIGNATURE_WEAK_ALGORITHM,
                    name + " is signed by the OpenPGP key " + describe(key) + ", " + weakness.get()
                            + ", so the signature check fails.");
        }
    }

    private static Optional<String> keyWeakness(PGPPublicKey key) {
        int bits = key.getBitStrength();
        switch (key.getAlgorithm()) {
            case PublicKeyAlgorithmTags.RSA_GENERAL,
                    PublicKeyAlgorithmTags.RSA_SIGN,
                    PublicKeyAlgorithmTags.RSA_ENCRYPT -> {
                return belowMinimum("an RSA key", bits, AlgorithmStrength.MIN_RSA_BITS);
            }
            case PublicKeyAlgorithmTags.DSA -> {
                return belowMinimum("a DSA key", bits, AlgorithmStrength.MIN_DSA_BITS);
            }
            case PublicKeyAlgorithmTags.ECDSA -> {
                return belowMinimum("an ECDSA key", bits, AlgorithmStrength.MIN_EC_BITS);
            }
            case PublicKeyAlgorithmTags.ELGAMAL_GENERAL, PublicKeyAlgorithmTags.ELGAMAL_ENCRYPT -> {
                return Optional.of("an ElGamal key, which may not make signatures");
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static Optional<String> belowMinimum(String kind, int bits, int minimum) {
        return bits < minimum
                ? Optional.of(kind + " of " + bits + " bits, below the " + minimum + " required")
                : Optional.empty();
    }

    private static String signer(OpenPGPCertificate certificate) {
        OpenPGPUserId primary = certificate.getPrimaryUserId();
        if (primary != null) {
            return primary.getUserId();
        }
        List<OpenPGPUserId> all = certificate.getAllUserIds();
        return all.isEmpty()
                ? OpenPgpKeyRing.hex(certificate.getFingerprint())
                : all.get(0).getUserId();
    }

    private static String revocationReason(OpenPGPComponentSignature revocation) {
        PGPSignatureSubpacketVector hashed = revocation.getSignature().getHashedSubPackets();
        RevocationReason reason = hashed == null ? null : hashed.getRevocationReason();
        if (reason == null) {
            return " (no reason given, so it counts for every signature)";
        }
        String description = reason.getRevocationDescription();
        return " (reason " + reason.getRevocationReason()
                + (description == null || description.isBlank() ? "" : ": " + description) + ")";
    }

    /** The key ID, and the fingerprint when the signature names one, of the key that made a signature. */
    private static String issuer(PGPSignature signature) {
        List<KeyIdentifier> identifiers = signature.getKeyIdentifiers();
        if (identifiers.isEmpty()) {
            return "(the signature names none)";
        }
        KeyIdentifier best = identifiers.stream()
                .filter(id -> id.getFingerprint() != null)
                .findFirst()
                .orElse(identifiers.get(0));
        return best.getFingerprint() != null
                ? OpenPgpKeyRing.hex(best.getFingerprint())
                : String.format("%016X", best.getKeyId());
    }

    private static String describe(PGPPublicKey key) {
        return OpenPgpKeyRing.hex(key.getFingerprint());
    }
}
