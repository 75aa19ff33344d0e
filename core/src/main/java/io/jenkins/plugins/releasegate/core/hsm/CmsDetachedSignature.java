package io.jenkins.plugins.releasegate.core.hsm;

import java.io.IOException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Set;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.IssuerAndSerialNumber;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.SignerIdentifier;
import org.bouncycastle.asn1.cms.SignerInfo;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.x509.Certificate;

/**
 * Builds a detached CMS SignedData (RFC 5652) around a signature made elsewhere: the artifact's digest goes into the
 * signed attributes, whose DER encoding is all the token signs, and the result carries the signer's chain.
 */
final class CmsDetachedSignature {

    private CmsDetachedSignature() {}

    /** The signed attributes: content type id-data, the artifact's message digest and the signing time. */
    static ASN1Set signedAttributes(byte[] messageDigest, Instant signingTime) {
        ASN1EncodableVector attributes = new ASN1EncodableVector();
        attributes.add(new Attribute(CMSAttributes.contentType, new DERSet(CMSObjectIdentifiers.data)));
        attributes.add(new Attribute(CMSAttributes.signingTime, new DERSet(new Time(Date.from(signingTime)))));
        attributes.add(new Attribute(CMSAttributes.messageDigest, new DERSet(new DEROctetString(messageDigest))));
        return new DERSet(attributes);
    }

    /** What the token signs: the attributes' DER encoding as a SET, not as the [0] they become in the SignerInfo. */
    static byte[] toBeSigned(ASN1Set signedAttributes) throws IOException {
        return signedAttributes.getEncoded(ASN1Encoding.DER);
    }

    /**
     * The DER-encoded ContentInfo.
     *
     * @param chain the signer's certificate first, then the certificates that lead to its issuer
     */
    static byte[] encode(
            SignatureScheme scheme, ASN1Set signedAttributes, byte[] signature, List<X509Certificate> chain)
            throws IOException, CertificateEncodingException {
        X509Certificate signer = chain.get(0);
        Certificate signerStructure = Certificate.getInstance(signer.getEncoded());
        SignerInfo signerInfo = new SignerInfo(
                new SignerIdentifier(new IssuerAndSerialNumber(signerStructure.getIssuer(), signer.getSerialNumber())),
                scheme.digestIdentifier(),
                signedAttributes,
                scheme.identifier(),
                new DEROctetString(signature),
                null);

        ASN1EncodableVector certificates = new ASN1EncodableVector();
        for (X509Certificate certificate : chain) {
            certificates.add(Certificate.getInstance(certificate.getEncoded()));
        }
        SignedData signedData = new SignedData(
                new DERSet(scheme.digestIdentifier()),
                new ContentInfo(CMSObjectIdentifiers.data, null),
                new DERSet(certificates),
                null,
                new DERSet((ASN1Encodable) signerInfo));
        return new ContentInfo(CMSObjectIdentifiers.signedData, signedData).getEncoded(ASN1Encoding.DER);
    }
}
