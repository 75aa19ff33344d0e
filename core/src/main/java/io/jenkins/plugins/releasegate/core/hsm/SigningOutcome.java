package io.jenkins.plugins.releasegate.core.hsm;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What became of one file given to {@link HsmSigner#signAll}: the signature written beside it, or the sentence that
 * says why there is none.
 *
 * @param file the file, as given
 * @param signature the {@code FILE.p7s} written, when it was signed
 * @param failure why it was not signed, when it was not
 */
public record SigningOutcome(Path file, Optional<Path> signature, Optional<String> failure) {

    public SigningOutcome {
        if (signature.isPresent() == failure.isPresent()) {
            throw new IllegalArgumentException("An outcome has either a signature or a failure");
        }
    }

    static SigningOutcome signed(Path file, Path signature) {
        return new SigningOutcome(file, Optional.of(signature), Optional.empty());
    }

    static SigningOutcome failed(Path file, String failure) {
        return new SigningOutcome(file, Optional.empty(), Optional.of(failure));
    }

    public boolean succeeded() {
        return signature.isPresent();
    }
}
