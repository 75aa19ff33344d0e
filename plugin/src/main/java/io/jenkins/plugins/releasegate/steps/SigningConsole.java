package io.jenkins.plugins.releasegate.steps;

import hudson.AbortException;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/** What {@code releaseSign} shows on the console, how it ends the build, and how it gets the PIN. */
final class SigningConsole {

    private SigningConsole() {}

    /**
     * The PIN the credential holds, as characters the caller overwrites when done.
     *
     * @throws AbortException naming the credential's id, never its content, when there is no usable credential
     */
    static char[] pin(StringCredentials credential, String credentialsId) throws AbortException {
        return pin(credential == null ? null : credential.getSecret().getPlainText(), credentialsId);
    }

    /** The PIN from a credential's plain text, or {@code null} when no such credential is available. */
    static char[] pin(String secret, String credentialsId) throws AbortException {
        if (secret == null) {
            throw new AbortException(Messages.SigningConsole_NoCredential(credentialsId));
        }
        if (secret.isEmpty()) {
            throw new AbortException(Messages.SigningConsole_EmptyPin(credentialsId));
        }
        return secret.toCharArray();
    }

    /** One sentence per file, then how many were signed with which key. */
    static void print(List<SigningLine> lines, String key, PrintStream console) {
        for (SigningLine line : lines) {
            console.println(line.sentence());
        }
        long signed = lines.stream().filter(SigningLine::signed).count();
        console.println(Messages.SigningConsole_Signed(signed, lines.size(), key));
    }

    /** Fails the build when any file is left unsigned: a release with an unsigned artifact cannot pass the gate. */
    static void enforce(List<SigningLine> lines) throws AbortException {
        List<String> unsigned = lines.stream()
                .filter(line -> !line.signed())
                .map(SigningLine::file)
                .collect(Collectors.toList());
        if (!unsigned.isEmpty()) {
            throw new AbortException(
                    Messages.SigningConsole_Unsigned(unsigned.size(), lines.size(), String.join(", ", unsigned)));
        }
    }
}
