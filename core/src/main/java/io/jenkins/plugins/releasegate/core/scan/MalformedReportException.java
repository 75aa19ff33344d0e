package io.jenkins.plugins.releasegate.core.scan;

/**
 * A scan report breaks a rule of its format in a place the gate decides on. The message says where, as a JSON pointer
 * with line and column, and what is wrong.
 */
final class MalformedReportException extends Exception {

    MalformedReportException(String message) {
        // Expected for bad input, so no stack trace is kept; the message says all.
        super(message, null, false, false);
    }
}
