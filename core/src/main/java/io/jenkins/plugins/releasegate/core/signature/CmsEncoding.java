package io.jenkins.plugins.releasegate.core.signature;

import io.jenkins.plugins.releasegate.core.evidence.EvidenceRejection;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;

/** Turns the bytes of a CMS signature file, DER (or BER) or PEM, into signed data. */
final class CmsEncoding {

    private static final Pattern PEM = Pattern.compile(
            "\\A\\s*-----BEGIN ([A-Z0-9 #]{1,40})-----\\r?\\n(.*?)-----END ([A-Z0-9 #]{1,40})-----\\s*\\z",
            Pattern.DOTALL);
    private static final Set<String> CMS_LABELS = Set.of("PKCS7", "CMS");

    /** DER of the OID 1.2.840.113549.1.7.2 (signed-data), which a CMS signature's ContentInfo starts with. */
    private static final byte[] SIGNED_DATA_OID = {
        0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x07, 0x02
    };

    private CmsEncoding() {}

    /** Whether the start of a file looks like a CMS signature, without parsing it; for format recognition. */
    static boolean looksLikeCms(byte[] start) {
        String text = new String(start, 0, Math.min(start.length, 256), StandardCharsets.ISO_8859_1).stripLeading();
        if (text.startsWith("-----BEGIN PKCS7-----") || text.startsWith("-----BEGIN CMS-----")) {
            return true;
        }
        if (start.length < 2 || start[0] != 0x30) {
            return false;
        }

        // Skip the SEQUENCE's length: short form, indefinite (0x80), or long form with up to four length bytes.
        int lengthByte = start[1] & 0xff;
        int oidStart = lengthByte < 0x80 ? 2 : 2 + (lengthByte & 0x7f);
        if (lengthByte > 0x84 || start.length < oidStart + SIGNED_DATA_OID.length) {
            return false;
        }
        return Arrays.equals(
                start, oidStart, oidStart + SIGNED_DATA_OID.length, SIGNED_DATA_OID, 0, SIGNED_DATA_OID.length);
    }

    static CMSSignedData decode(byte[] bytes, String evidenceName) throws EvidenceRejection {
        byte[] der = isPem(bytes) ? unwrapPem(bytes, evidenceName) : bytes;
        ContentInfo contentInfo = contentInfo(der, evidenceName);
        if (!CMSObjectIdentifiers.signedData.equals(contentInfo.getContentType())) {
            throw CmsSignatureVerifier.malformed(
                    evidenceName, "it is a CMS message of type " + contentInfo.getContentType() + ", not signed-data");
        }

        try {
            return new CMSSignedData(contentInfo);
        } catch (CMSException | RuntimeException e) {
            throw CmsSignatureVerifier.malformed(
                    evidenceName, "its signed-data cannot be parsed (" + e.getMessage() + ")");
        }
    }

    private static boolean isPem(byte[] bytes) {
        for (byte b : bytes) {
            if (!Character.isWhitespace(b)) {
                return b == '-';
            }
        }
        return false;
    }

    private static byte[] unwrapPem(byte[] bytes, String evidenceName) throws EvidenceRejection {
        Matcher pem = PEM.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
        if (!pem.matches()) {
            throw CmsSignatureVerifier.malformed(
                    evidenceName, "it is PEM text that is not exactly one block, or has text outside its block");
        }
        if (!CMS_LABELS.contains(pem.group(1))) {
            throw CmsSignatureVerifier.malformed(
                    evidenceName, "it holds a PEM " + pem.group(1) + " block, where a PKCS7 or CMS block belongs");
        }
        if (!pem.group(1).equals(pem.group(3))) {
            throw CmsSignatureVerifier.malformed(
                    evidenceName, "its PEM block begins as " + pem.group(1) + " but ends as " + pem.group(3));
        }

        try {
            return Base64.getDecoder().decode(pem.group(2).replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw CmsSignatureVerifier.malformed(
                    evidenceName, "its PEM block is not valid base64 (" + e.getMessage() + ")");
        }
    }

    private static ContentInfo contentInfo(byte[] der, String evidenceName) throws EvidenceRejection {
        if (der.length == 0) {
            throw CmsSignatureVerifier.malformed(evidenceName, "it is empty");
        }
        try {
            // fromByteArray refuses bytes after the first object and, in Bouncy Castle 1.84, deep nesting.
            return ContentInfo.getInstance(ASN1Primitive.fromByteArray(der));
        } catch (IOException | RuntimeException e) {
            throw CmsSignatureVerifier.malformed(
                    evidenceName, "it is not ASN.1 of a CMS ContentInfo (" + e.getMessage() + ")");
        }
    }
}
