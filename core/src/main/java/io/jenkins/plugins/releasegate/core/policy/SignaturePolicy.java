package io.jenkins.plugins.releasegate.core.policy;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the signature check demands.
 *
 * @param required whether an artifact without a signature fails
 * @param formats the formats accepted
 * @param trust where the trust anchors are
 * @param codeSigning whether a signer certificate must carry the code-signing extended key usage
 * @param signers which signers of a signature with several must be trusted
 * @param evidence extra evidence name patterns, with {@code {artifact}} for the artifact's file name
 */
public record SignaturePolicy(
        boolean required,
        Set<SignatureFormat> formats,
        TrustSources trust,
        boolean codeSigning,
        Signers signers,
        List<String> evidence) {

    public SignaturePolicy {
        formats = Set.copyOf(formats);
        Objects.requireNonNull(signers, "signers");
        evidence = List.copyOf(evidence);
    }

    public static SignaturePolicy defaults() {
        return new SignaturePolicy(
                true, Set.of(SignatureFormat.values()), TrustSources.none(), true, Signers.ALL, List.of());
    }
}
