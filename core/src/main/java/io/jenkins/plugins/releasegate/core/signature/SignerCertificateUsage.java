package io.jenkins.plugins.releasegate.core.signature;

import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x509.KeyPurposeId;

/**
 * Whether a signer certificate's key usages let it sign releases: digitalSignature when a key usage is stated, and
 * the code-signing extended key usage when the policy asks for it ({@code signature.codeSigning}).
 */
final class SignerCertificateUsage {

    private static final String CODE_SIGNING = KeyPurposeId.id_kp_codeSigning.getId();

    /**
     * Why the certificate may not sign.
     *
     * @param reason a clause about the certificate that follows its subject, for example "whose certificate does not
     *     allow code signing (it has no extended key usage), which the policy requires (signature.codeSigning)"
     */
    record Refusal(Code code, String reason) {}

    private SignerCertificateUsage() {}

    static Optional<Refusal> refusal(X509Certificate certificate, boolean codeSigningRequired) {
        // A CA key that signs releases directly could also vouch for any key it likes, so it never signs a release.
        if (certificate.getBasicConstraints() >= 0) {
            return Optional.of(new Refusal(
                    Code.SIGNATURE_NOT_CODE_SIGNING,
                    "whose certificate is a CA certificate (basicConstraints CA:true), which may issue certificates"
                            + " but not sign releases"));
        }
        boolean[] keyUsage = certificate.getKeyUsage();
        if (keyUsage != null && (keyUsage.length == 0 || !keyUsage[0])) {
            return Optional.of(new Refusal(
                    Code.SIGNATURE_NOT_CODE_SIGNING,
                    "whose certificate's key usage lacks digitalSignature, so the key may not make signatures"));
        }
        if (!codeSigningRequired) {
            return Optional.empty();
        }

        List<String> purposes;
        try {
            purposes = certificate.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            return Optional.of(new Refusal(
                    Code.SIGNATURE_MALFORMED,
                    "whose certificate has an unreadable extended key usage (" + e.getMessage() + ")"));
        }
        if (purposes == null || !purposes.contains(CODE_SIGNING)) {
            String found = purposes == null
                    ? "it has no extended key usage"
                    : "its extended key usages are " + String.join(", ", purposes);
            return Optional.of(new Refusal(
                    Code.SIGNATURE_NOT_CODE_SIGNING,
                    "whose certificate does not allow code signing (" + found + "), which the policy requires"
                            + " (signature.codeSigning)"));
        }
        return Optional.empty();
    }
}
