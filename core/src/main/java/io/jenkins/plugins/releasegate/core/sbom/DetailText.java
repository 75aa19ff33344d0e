package io.jenkins.plugins.releasegate.core.sbom;

/** Shapes values taken from untrusted documents for report sentences: quoted, one line, and short. */
final class DetailText {

    private static final int MAX_VALUE_CHARS = 120;
    private static final int MAX_MESSAGE_CHARS = 200;

    private DetailText() {}

    /** A value from a document, quoted and clipped, for example {@code "AnotherFormat"}. */
    static String quoted(String value) {
        return "\"" + clip(value, MAX_VALUE_CHARS) + "\"";
    }

    /** A parser's or validator's message, on one line and clipped. */
    static String message(String message) {
        return clip(message == null ? "no message" : message, MAX_MESSAGE_CHARS);
    }

    private static String clip(String text, int max) {
        // Only the head is normalised, so a value of megabytes costs no more than a short one.
        String head = text.length() > 4 * max ? text.substring(0, 4 * max) : text;
        String oneLine = head.replaceAll("\\s+", " ").strip();
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 3) + "...";
    }
}
