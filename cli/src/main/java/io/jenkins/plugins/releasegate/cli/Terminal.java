package io.jenkins.plugins.releasegate.cli;

/** Whether output may be coloured: only on a terminal, and never with {@code NO_COLOR} set. */
final class Terminal {

    private Terminal() {}

    static boolean colour() {
        String noColour = System.getenv("NO_COLOR");
        if (noColour != null && !noColour.isEmpty()) {
            return false;
        }
        String term = System.getenv("TERM");
        return System.console() != null && term != null && !"dumb".equals(term);
    }
}
