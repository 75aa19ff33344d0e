package io.jenkins.plugins.releasegate.core.engine;

import io.jenkins.plugins.releasegate.core.evidence.ArtifactContext;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceVerifier;
import io.jenkins.plugins.releasegate.core.evidence.PendingCheck;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A verifier made when the first evidence of its format is met. Some verifiers cost a tenth of a second or more to
 * make (an OpenPGP policy loads the time zone database, a Sigstore verifier builds a JSON mapper); a release that
 * carries no such evidence should not pay for them at every start.
 */
final class DeferredVerifier implements EvidenceVerifier {

    private final Check check;
    private final Supplier<EvidenceVerifier> factory;
    private volatile EvidenceVerifier made;

    DeferredVerifier(Check check, Supplier<EvidenceVerifier> factory) {
        this.check = Objects.requireNonNull(check, "check");
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @Override
    public Check check() {
        return check;
    }

    @Override
    public PendingCheck read(EvidenceFile evidence, ArtifactContext artifact) {
        return verifier().read(evidence, artifact);
    }

    /** The verifier, made once however many threads ask for it at the same time. */
    private EvidenceVerifier verifier() {
        EvidenceVerifier verifier = made;
        if (verifier == null) {
            synchronized (this) {
                verifier = made;
                if (verifier == null) {
                    verifier = Objects.requireNonNull(factory.get(), "deferred verifier");
                    made = verifier;
                }
            }
        }
        return verifier;
    }
}
