package io.jenkins.plugins.releasegate.core.signature;

import io.jenkins.plugins.releasegate.core.signature.TestPki.Identity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSignerId;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

/** Makes CMS signatures with Bouncy Castle's {@link CMSSignedDataGenerator}, in every shape the tests need. */
final class CmsSignatureMaker {

    private final byte[] content;
    private final List<SignerSpec> signers = new ArrayList<>();
    private final List<X509Certificate> certificates = new ArrayList<>();
    private boolean embedContent;
    private ASN1ObjectIdentifier contentType = CMSObjectIdentifiers.data;

    private CmsSignatureMaker(byte[] content) {
        this.content = content.clone();
    }

    static CmsSignatureMaker over(byte[] content) {
        return new CmsSignatureMaker(content);
    }

    static CmsSignatureMaker over(Path file) throws IOException {
        return over(Files.readAllBytes(file));
    }

    /** Adds a signer with SHA-256 and the standard signed attributes, signing time now. */
    CmsSignatureMaker signedBy(Identity signer) {
        return signedBy(signer, "SHA256");
    }

    CmsSignatureMaker signedBy(Identity signer, String digest) {
        return signedWith(signer, signer.signatureAlgorithm(digest));
    }

    /** Adds a signer with a JCA signature algorithm of the test's choice, such as "SHA256withRSAandMGF1". */
    CmsSignatureMaker signedWith(Identity signer, String signatureAlgorithm) {
        signers.add(new SignerSpec(signer, signatureAlgorithm, new DefaultSignedAttributeTableGenerator(), false));
        return this;
    }

    CmsSignatureMaker signedAt(Identity signer, Instant signingTime) {
        AttributeTable time = new AttributeTable(
                new Attribute(CMSAttributes.signingTime, new DERSet(new Time(Date.from(signingTime)))));
        signers.add(new SignerSpec(
                signer, signer.signatureAlgorithm("SHA256"), new DefaultSignedAttributeTableGenerator(time), false));
        return this;
    }

    CmsSignatureMaker signedWithoutSigningTime(Identity signer) {
        CMSAttributeTableGenerator withoutTime = parameters -> new DefaultSignedAttributeTableGenerator()
                .getAttributes(parameters)
                .remove(CMSAttributes.signingTime);
        signers.add(new SignerSpec(signer, signer.signatureAlgorithm("SHA256"), withoutTime, false));
        return this;
    }

    /** Signs the content itself, with no signed attributes, as {@code openssl cms -sign -noattr} does. */
    CmsSignatureMaker signedWithoutAttributes(Identity signer) {
        signers.add(new SignerSpec(signer, signer.signatureAlgorithm("SHA256"), null, true));
        return this;
    }

    CmsSignatureMaker carrying(Identity... identities) {
        for (Identity identity : identities) {
            certificates.add(identity.certificate());
        }
        return this;
    }

    /** Declares the signed content to be of another type than plain data. */
    CmsSignatureMaker ofContentType(ASN1ObjectIdentifier type) {
        contentType = type;
        return this;
    }

    /** Carries every signer's certificate, and the given ones, such as an intermediate CA. */
    CmsSignatureMaker carryingSignersAnd(Identity... identities) {
        signers.forEach(signer -> certificates.add(signer.identity().certificate()));
        return carrying(identities);
    }

    CmsSignatureMaker embeddingContent() {
        embedContent = true;
        return this;
    }

    byte[] der() {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            for (SignerSpec signer : signers) {
                JcaSignerInfoGeneratorBuilder builder =
                        new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder()
                                .setProvider(TestPki.BOUNCY_CASTLE)
                                .build());
                if (signer.direct()) {
                    builder.setDirectSignature(true);
                } else {
                    builder.setSignedAttributeGenerator(signer.attributes());
                }
                Identity identity = signer.identity();
                generator.addSignerInfoGenerator(builder.build(
                        new JcaContentSignerBuilder(signer.signatureAlgorithm())
                                .setProvider(TestPki.BOUNCY_CASTLE)
                                .build(identity.privateKey()),
                        identity.certificate()));
            }
            generator.addCertificates(new JcaCertStore(certificates));
            return generator
                    .generate(new CMSProcessableByteArray(contentType, content), embedContent)
                    .getEncoded(ASN1Encoding.DER);
        } catch (Exception e) {
            throw new IllegalStateException("Could not make the test signature", e);
        }
    }

    /** The signature as PEM with the given label, {@code PKCS7} or {@code CMS}, in 64-column lines. */
    String pem(String label) {
        String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der());
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    /** The same signature with one bit of the first signer's signature value flipped. */
    static byte[] withCorruptedSignatureValue(byte[] der) throws Exception {
        return corrupted(
                der,
                new CMSSignedData(der).getSignerInfos().getSigners().iterator().next());
    }

    /** The same signature with one bit of the given signer's signature value flipped. */
    static byte[] withCorruptedSignatureValue(byte[] der, Identity of) throws Exception {
        SignerInformation signer = new CMSSignedData(der).getSignerInfos().get(new JcaSignerId(of.certificate()));
        return corrupted(der, signer);
    }

    private static byte[] corrupted(byte[] der, SignerInformation signer) {
        byte[] value = signer.getSignature();
        int at = indexOf(der, value);
        if (at < 0) {
            throw new IllegalStateException("The signature value was not found in the encoding");
        }
        byte[] corrupted = der.clone();
        corrupted[at + value.length - 1] ^= 0x01;
        return corrupted;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return i;
            }
        }
        return -1;
    }

    private record SignerSpec(
            Identity identity, String signatureAlgorithm, CMSAttributeTableGenerator attributes, boolean direct) {}
}
