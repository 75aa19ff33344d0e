package io.jenkins.plugins.releasegate.steps;

import hudson.AbortException;
import io.jenkins.plugins.releasegate.core.hsm.HsmException;
import io.jenkins.plugins.releasegate.core.hsm.HsmSigner;
import io.jenkins.plugins.releasegate.core.hsm.Pin;
import io.jenkins.plugins.releasegate.core.hsm.Pkcs11Module;
import io.jenkins.plugins.releasegate.core.hsm.Pkcs11Uri;
import io.jenkins.plugins.releasegate.core.hsm.SigningOutcome;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one place where {@code releaseSign} meets the engine's PKCS#11 signer: parse the key's URI, wrap the PIN, open
 * the signer (one login), sign every file, and map each outcome to a {@link SigningLine}.
 */
final class HsmSigning {

    private HsmSigning() {}

    /**
     * Signs each file with the key the URI names, writing {@code FILE.p7s} beside it.
     *
     * @param library the PKCS#11 module on this agent, or {@code null} to take the key URI's {@code module-path}
     * @param files the files to sign, with the names the console shows for them
     * @param pin the PIN; the caller clears it afterwards, and so does the signer
     * @throws AbortException when the module, token, key or PIN cannot be used, so that nothing can be signed
     */
    static List<SigningLine> signAll(Path library, String keyUri, char[] pin, List<NamedFile> files)
            throws AbortException {
        Map<Path, String> names = files.stream().collect(Collectors.toMap(NamedFile::path, NamedFile::name));
        List<SigningOutcome> outcomes;
        try {
            Pkcs11Uri uri = Pkcs11Uri.parse(keyUri);
            Path module = Pkcs11Module.choosePath(Optional.ofNullable(library), uri);
            try (Pin secret = Pin.of(pin);
                    HsmSigner signer = HsmSigner.open(module, uri, secret, List.of())) {
                outcomes = signer.signAll(files.stream().map(NamedFile::path).toList());
            }
        } catch (HsmException e) {
            throw new AbortException(Messages.HsmSigning_Failed(e.getMessage()));
        }
        Function<Path, String> name =
                path -> names.getOrDefault(path, path.getFileName().toString());
        List<SigningLine> lines = new ArrayList<>();
        for (SigningOutcome outcome : outcomes) {
            lines.add(new SigningLine(
                    name.apply(outcome.file()),
                    outcome.signature()
                            .map(signature -> name.apply(outcome.file()) + ".p7s")
                            .orElse(null),
                    outcome.failure().orElse(null)));
        }
        return lines;
    }

    /** A file on the agent and the name the console shows for it. */
    record NamedFile(Path path, String name) {}
}
