package io.jenkins.plugins.releasegate.steps;

import hudson.AbortException;
import io.jenkins.plugins.releasegate.core.attest.AttestationWriter;
import io.jenkins.plugins.releasegate.core.attest.KeyFileSigner;
import io.jenkins.plugins.releasegate.core.attest.PayloadSigner;
import io.jenkins.plugins.releasegate.core.hsm.HsmException;
import io.jenkins.plugins.releasegate.core.hsm.HsmPayloadSigner;
import io.jenkins.plugins.releasegate.core.hsm.HsmSigner;
import io.jenkins.plugins.releasegate.core.hsm.Pin;
import io.jenkins.plugins.releasegate.core.hsm.Pkcs11Module;
import io.jenkins.plugins.releasegate.core.hsm.Pkcs11Uri;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Where {@code releaseGate attest: true} meets the engine: checks the step's verdict settings, and on the agent signs
 * one verdict per artifact into {@value #FOLDER} in the workspace, with a key file or a key on a PKCS#11 token.
 */
final class VerdictSigning {

    /** The workspace folder the verdicts go to, mirroring the artifacts' paths. */
    static final String FOLDER = "release-gate-verdicts";

    private VerdictSigning() {}

    /** Whether the key is named by a PKCS#11 URI rather than a key file. */
    static boolean isTokenKey(String attestKey) {
        return attestKey != null && attestKey.toLowerCase(Locale.ROOT).startsWith("pkcs11:");
    }

    /**
     * Checks the verdict settings together, since each setter sees only its own.
     *
     * @throws AbortException when {@code attest} lacks its key, or a token key lacks its PIN credential
     */
    static void check(boolean attest, String attestKey, String pinCredentialsId) throws AbortException {
        if (!attest) {
            return;
        }
        if (attestKey == null) {
            throw new AbortException(Messages.VerdictSigning_NoKey());
        }
        if (isTokenKey(attestKey) && pinCredentialsId == null) {
            throw new AbortException(Messages.VerdictSigning_NoPinCredential(attestKey));
        }
    }

    /** The PIN a credential holds, as characters the caller overwrites when done. */
    static char[] pin(String secret, String credentialsId) throws AbortException {
        if (secret == null || secret.isEmpty()) {
            throw new AbortException(Messages.VerdictSigning_NoCredential(credentialsId));
        }
        return secret.toCharArray();
    }

    /**
     * Signs one verdict per artifact of the report, and returns the report with a note that says what was written.
     *
     * @param attestKey a PEM key file, relative to the workspace unless absolute, or a PKCS#11 URI
     * @param module the PKCS#11 module on this agent, or {@code null} to take the URI's {@code module-path}
     * @param pin the token's PIN for a PKCS#11 key, else {@code null}; the caller overwrites it afterwards
     * @throws AbortException when the key cannot be used or a verdict cannot be signed or written
     */
    static GateReport attest(GateReport report, Path workspace, String attestKey, String module, char[] pin)
            throws AbortException {
        AttestationWriter.Written written;
        try {
            if (isTokenKey(attestKey)) {
                Pkcs11Uri uri = Pkcs11Uri.parse(attestKey);
                Path library = Pkcs11Module.choosePath(Optional.ofNullable(library(module)), uri);
                try (Pin secret = Pin.of(pin);
                        HsmSigner signer = HsmSigner.open(library, uri, secret, List.of())) {
                    written = write(report, workspace, new HsmPayloadSigner(signer));
                }
            } else {
                written = write(report, workspace, KeyFileSigner.load(workspace.resolve(attestKey)));
            }
        } catch (HsmException e) {
            throw new AbortException(Messages.VerdictSigning_Failed(e.getMessage()));
        } catch (IOException e) {
            throw new AbortException(Messages.VerdictSigning_Failed(e.getMessage()));
        } catch (GeneralSecurityException e) {
            throw new AbortException(Messages.VerdictSigning_CouldNotSign(attestKey, e.getMessage()));
        }
        List<String> notes = new ArrayList<>(report.notes());
        notes.addAll(written.skipped());
        int count = written.files().size();
        notes.add(Messages.VerdictSigning_Written(count, FOLDER));
        return new GateReport(
                report.verdict(), report.audit(), report.policySha256(), report.time(), report.artifacts(), notes);
    }

    private static AttestationWriter.Written write(GateReport report, Path workspace, PayloadSigner signer)
            throws IOException, GeneralSecurityException {
        String version = Optional.ofNullable(
                        AttestationWriter.class.getPackage().getImplementationVersion())
                .orElse("development");
        return new AttestationWriter(signer, version).write(report, workspace, workspace.resolve(FOLDER));
    }

    private static Path library(String module) throws AbortException {
        if (module == null) {
            return null;
        }
        Path library = Path.of(module);
        if (!Files.isRegularFile(library)) {
            throw new AbortException(Messages.VerdictSigning_NoModule(module));
        }
        return library;
    }
}
