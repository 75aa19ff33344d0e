package io.jenkins.plugins.releasegate.core.report;

/**
 * Makes text from artifacts and evidence safe to show: control characters, which could rewrite a terminal or break a
 * report format, are shown as {@code \\uXXXX}.
 */
public final class TextEscaper {

    private TextEscaper() {}

    public static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = Character.isISOControl(c)
                    || c == '\u2028'
                    || c == '\u2029'
                    || c == '\uFEFF'
                    || Character.isSurrogate(c) && !validSurrogate(text, i);
            if (control) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(String.format("\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    private static boolean validSurrogate(String text, int i) {
        char c = text.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(text.charAt(i - 1));
    }
}
