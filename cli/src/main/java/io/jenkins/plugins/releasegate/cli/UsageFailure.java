package io.jenkins.plugins.releasegate.cli;

/** A failure the user can fix, reported in one sentence with exit status 2 and no stack trace. */
final class UsageFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    UsageFailure(String message) {
        super(message);
    }
}
