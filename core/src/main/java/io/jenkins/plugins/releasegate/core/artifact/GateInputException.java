package io.jenkins.plugins.releasegate.core.artifact;

/** An input given to the gate that cannot be gated at all, such as a path that does not exist. */
public final class GateInputException extends Exception {

    private static final long serialVersionUID = 1L;

    public GateInputException(String message) {
        super(message);
    }
}
