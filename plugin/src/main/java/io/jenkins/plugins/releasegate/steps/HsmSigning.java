package io.jenkins.plugins.releasegate.steps;

import hudson.AbortException;
import java.nio.file.Path;
import java.util.List;

/**
 * The one place where {@code releaseSign} meets the engine's PKCS#11 signer ({@code core/.../hsm}: parse the key's
 * URI, wrap the PIN, open the signer, sign every file, map each outcome to a {@link SigningLine}). This engine build
 * has no such signer yet, so signing fails closed with a sentence that says so; nothing is signed and no PIN is used.
 */
final class HsmSigning {

    private HsmSigning() {}

    /**
     * Signs each file with the key the URI names, writing {@code FILE.p7s} beside it.
     *
     * @param library the PKCS#11 module on this agent, or {@code null} to take the key URI's {@code module-path}
     * @param files the files to sign, with the names the console shows for them
     * @param pin the PIN; the caller clears it afterwards
     * @throws AbortException when the module, token or key cannot be used, so that nothing can be signed
     */
    static List<SigningLine> signAll(Path library, String keyUri, char[] pin, List<NamedFile> files)
            throws AbortException {
        throw new AbortException("This build of the Release Gate engine has no PKCS#11 signer yet, so releaseSign"
                + " signs none of the " + files.size() + (files.size() == 1 ? " artifact" : " artifacts") + ".");
    }

    /** A file on the agent and the name the console shows for it. */
    record NamedFile(Path path, String name) {}
}
