package io.jenkins.plugins.releasegate.core.policy;

import java.nio.file.Path;
import java.util.List;

/**
 * The policy's trust anchors: files resolved against the policy file's folder, or the PEM text written into the
 * policy.
 *
 * @param certificates CA certificates or pinned signer certificates, PEM or DER
 * @param openpgpKeys OpenPGP public keys, armored or binary
 * @param publicKeys raw public keys in PEM, as {@code cosign} writes them
 */
public record TrustSources(
        List<TrustAnchor> certificates, List<TrustAnchor> openpgpKeys, List<TrustAnchor> publicKeys) {

    public TrustSources {
        certificates = List.copyOf(certificates);
        openpgpKeys = List.copyOf(openpgpKeys);
        publicKeys = List.copyOf(publicKeys);
    }

    public static TrustSources none() {
        return new TrustSources(List.of(), List.of(), List.of());
    }

    /** Trust anchors that are all files. */
    public static TrustSources ofFiles(List<Path> certificates, List<Path> openpgpKeys, List<Path> publicKeys) {
        return new TrustSources(files(certificates), files(openpgpKeys), files(publicKeys));
    }

    public static List<TrustAnchor> files(List<Path> paths) {
        return paths.stream().map(TrustAnchor::file).toList();
    }

    public boolean isEmpty() {
        return certificates.isEmpty() && openpgpKeys.isEmpty() && publicKeys.isEmpty();
    }
}
