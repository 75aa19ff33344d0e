package io.jenkins.plugins.releasegate.core.signature;

import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceRejection;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.RSASSAPSSparams;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cms.SignerId;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.operator.DefaultAlgorithmNameFinder;

/**
 * What one SignerInfo of a CMS signature states, read and checked before the artifact's digests are known.
 *
 * @param id which certificate signed
 * @param digest the digest algorithm the signer hashed the content with
 * @param statedDigest the signed message-digest attribute: the content's digest as the signer saw it
 * @param signingTime the signed signing-time attribute, or {@code null} when there is none
 */
record SignerPlan(SignerId id, DigestAlgorithm digest, byte[] statedDigest, Instant signingTime) {

    private static final DefaultAlgorithmNameFinder ALGORITHM_NAMES = new DefaultAlgorithmNameFinder();

    /**
     * Signing times already read, by the DER of their value. Bouncy Castle builds a date parser for each time it
     * reads, a tenth of the cost of checking a small artifact, while the signatures of one release mostly share their
     * second. A time in UTC (ending in Z) always reads as the same instant, so only those are kept; others depend on
     * the default time zone. Bounded: past the bound each time is read anew.
     */
    private static final ConcurrentMap<ByteBuffer, Instant> SIGNING_TIMES = new ConcurrentHashMap<>();

    private static final int MAX_SIGNING_TIMES = 4096;

    /** Reads one SignerInfo and refuses what no artifact could make pass: missing attributes, weak algorithms. */
    static SignerPlan read(SignerInformation signer, String name) throws EvidenceRejection {
        AttributeTable attributes;
        try {
            attributes = signer.getSignedAttributes();
        } catch (RuntimeException e) {
            throw CmsSignatureVerifier.malformed(
                    name, "its signed attributes cannot be parsed (" + e.getMessage() + ")");
        }
        if (attributes == null) {
            throw new EvidenceRejection(
                    Code.SIGNATURE_UNSUPPORTED,
                    name + " has a signer without signed attributes, as `openssl cms -sign -noattr` makes; such"
                            + " signatures are not accepted (sign without -noattr), so the signature check fails.");
        }

        String digestOid = signer.getDigestAlgOID();
        DigestAlgorithm digest = DigestAlgorithm.byOid(digestOid)
                .orElseThrow(() -> new EvidenceRejection(
                        Code.SIGNATURE_UNSUPPORTED,
                        name + " uses the digest algorithm " + algorithmName(digestOid)
                                + ", which the gate does not support, so the signature check fails."));
        if (!digest.strong()) {
            throw weakAlgorithm(name, "the digest algorithm " + digest.jcaName());
        }
        requireStrongSignatureAlgorithm(signer, name);

        return new SignerPlan(signer.getSID(), digest, messageDigest(attributes, name), signingTime(attributes, name));
    }

    private static void requireStrongSignatureAlgorithm(SignerInformation signer, String name)
            throws EvidenceRejection {
        AlgorithmIdentifier algorithm = signer.toASN1Structure().getDigestEncryptionAlgorithm();
        String algorithmName = ALGORITHM_NAMES.getAlgorithmName(algorithm);
        if (AlgorithmStrength.isWeakSignatureAlgorithm(algorithmName)) {
            throw weakAlgorithm(name, "the signature algorithm " + algorithmName);
        }
        if (!PKCSObjectIdentifiers.id_RSASSA_PSS.equals(algorithm.getAlgorithm())) {
            return;
        }

        // RSASSA-PSS names its hash in its parameters, and when they are absent that hash is SHA-1.
        AlgorithmIdentifier pssHash;
        try {
            RSASSAPSSparams parameters = RSASSAPSSparams.getInstance(algorithm.getParameters());
            pssHash = parameters == null ? RSASSAPSSparams.DEFAULT_HASH_ALGORITHM : parameters.getHashAlgorithm();
        } catch (RuntimeException e) {
            throw CmsSignatureVerifier.malformed(
                    name, "its RSASSA-PSS parameters cannot be parsed (" + e.getMessage() + ")");
        }
        Optional<DigestAlgorithm> hash =
                DigestAlgorithm.byOid(pssHash.getAlgorithm().getId());
        if (hash.isPresent() && !hash.get().strong()) {
            throw weakAlgorithm(name, "RSASSA-PSS with " + hash.get().jcaName());
        }
    }

    private static byte[] messageDigest(AttributeTable attributes, String name) throws EvidenceRejection {
        ASN1Encodable value = singleValue(attributes, CMSAttributes.messageDigest, "message-digest", name);
        if (value == null) {
            throw CmsSignatureVerifier.malformed(name, "its signed attributes lack the message-digest");
        }
        try {
            return ASN1OctetString.getInstance(value).getOctets();
        } catch (RuntimeException e) {
            throw CmsSignatureVerifier.malformed(name, "its message-digest attribute is not an octet string");
        }
    }

    private static Instant signingTime(AttributeTable attributes, String name) throws EvidenceRejection {
        ASN1Encodable value = singleValue(attributes, CMSAttributes.signingTime, "signing-time", name);
        if (value == null) {
            return null;
        }
        ByteBuffer key = utcTimeEncoding(value);
        Instant known = key == null ? null : SIGNING_TIMES.get(key);
        if (known != null) {
            return known;
        }
        Instant read;
        try {
            read = Time.getInstance(value).getDate().toInstant();
        } catch (RuntimeException e) {
            throw CmsSignatureVerifier.malformed(
                    name, "its signing-time attribute is not a time (" + e.getMessage() + ")");
        }
        if (key != null && SIGNING_TIMES.size() < MAX_SIGNING_TIMES) {
            SIGNING_TIMES.putIfAbsent(key, read);
        }
        return read;
    }

    /** The DER of a value that states a time in UTC, or {@code null} for any other value. */
    private static ByteBuffer utcTimeEncoding(ASN1Encodable value) {
        try {
            byte[] der = value.toASN1Primitive().getEncoded(ASN1Encoding.DER);
            return der.length > 0 && der[der.length - 1] == 'Z' ? ByteBuffer.wrap(der) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** The one value of a signed attribute, or {@code null} when the attribute is absent. */
    private static ASN1Encodable singleValue(
            AttributeTable attributes, ASN1ObjectIdentifier type, String label, String name) throws EvidenceRejection {
        ASN1EncodableVector occurrences = attributes.getAll(type);
        if (occurrences.size() == 0) {
            return null;
        }
        ASN1Set values = Attribute.getInstance(occurrences.get(0)).getAttrValues();
        if (occurrences.size() > 1 || values.size() != 1) {
            throw CmsSignatureVerifier.malformed(
                    name, "its " + label + " attribute must occur once with exactly one value");
        }
        return values.getObjectAt(0);
    }

    private static String algorithmName(String oid) {
        String name = ALGORITHM_NAMES.getAlgorithmName(new ASN1ObjectIdentifier(oid));
        return name.equals(oid) ? oid : name + " (" + oid + ")";
    }

    private static EvidenceRejection weakAlgorithm(String name, String algorithm) {
        return new EvidenceRejection(
                Code.SIGNATURE_WEAK_ALGORITHM,
                name + " uses " + algorithm + ", which is too weak to prove who signed, so the signature check"
                        + " fails.");
    }
}
