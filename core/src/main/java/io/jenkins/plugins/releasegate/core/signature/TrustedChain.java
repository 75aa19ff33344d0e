package io.jenkins.plugins.releasegate.core.signature;

import java.security.cert.X509Certificate;
import java.util.List;
import javax.security.auth.x500.X500Principal;

/**
 * How a signer certificate is trusted: through a CA trust anchor, or because it is pinned itself.
 *
 * @param path the signer certificate first, then the intermediates up to, not including, the anchor
 * @param anchor the CA certificate the path ends at, or {@code null} for a pinned signer
 */
public record TrustedChain(List<X509Certificate> path, X509Certificate anchor) {

    /** What reports show as {@code trustAnchor}. */
    public static final String PINNED = "pinned";

    public TrustedChain {
        path = List.copyOf(path);
    }

    static TrustedChain pinned(X509Certificate signer) {
        return new TrustedChain(List.of(signer), null);
    }

    public boolean isPinned() {
        return anchor == null;
    }

    /** The anchor's subject (RFC 2253), or {@value #PINNED}. */
    public String anchorName() {
        return isPinned() ? PINNED : anchor.getSubjectX500Principal().getName(X500Principal.RFC2253);
    }
}
