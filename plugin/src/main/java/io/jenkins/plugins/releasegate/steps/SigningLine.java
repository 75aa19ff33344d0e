package io.jenkins.plugins.releasegate.steps;

import java.io.Serializable;

/**
 * What became of one file that {@code releaseSign} was asked to sign, as it comes back from the agent.
 *
 * @param file the artifact, relative to the workspace
 * @param signature the signature written beside it, relative to the workspace, or {@code null} when it was not signed
 * @param failure why it was not signed, or {@code null} when it was
 */
record SigningLine(String file, String signature, String failure) implements Serializable {

    private static final long serialVersionUID = 1L;

    boolean signed() {
        return signature != null;
    }

    /** The sentence the console shows for this file. */
    String sentence() {
        return signed() ? "Signed " + file + ": " + signature + "." : file + " was not signed: " + failure;
    }
}
