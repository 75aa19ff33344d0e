package io.jenkins.plugins.releasegate.core.policy;

import java.nio.file.Path;
import java.util.List;

/**
 * The files that hold the policy's trust anchors, resolved against the policy file's folder.
 *
 * @param certificates PEM or DER files with CA certificates or pinned signer certificates
 * @param openpgpKeys OpenPGP public keys, armored or binary
 * @param publicKeys raw public keys in PEM, as {@code cosign} writes them
 */
public record TrustSources(List<Path> certificates, List<Path> openpgpKeys, List<Path> publicKeys) {

    public TrustSources {
        certificates = List.copyOf(certificates);
        openpgpKeys = List.copyOf(openpgpKeys);
        publicKeys = List.copyOf(publicKeys);
    }

    public static TrustSources none() {
        return new TrustSources(List.of(), List.of(), List.of());
    }

    public boolean isEmpty() {
        return certificates.isEmpty() && openpgpKeys.isEmpty() && publicKeys.isEmpty();
    }
}
