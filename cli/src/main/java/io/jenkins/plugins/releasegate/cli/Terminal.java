package io.jenkins.plugins.releasegate.cli;

import java.util.function.UnaryOperator;

/** Whether output may be coloured: only on a terminal, and never with {@code NO_COLOR} set. */
final class Terminal {

    private Terminal() {}

    static boolean colour() {
        return colour(System::getenv, System.console() != null);
    }

    /**
     * @param environment the process environment, by variable name
     * @param console whether standard input and output are a terminal, which a pipe or a file is not
     */
    static boolean colour(UnaryOperator<String> environment, boolean console) {
        // As no-color.org has it, an empty NO_COLOR counts as unset, so that a shell can clear it without unset.
        String noColour = environment.apply("NO_COLOR");
        if (noColour != null && !noColour.isEmpty()) {
            return false;
        }
        String term = environment.apply("TERM");
        return console && term != null && !"dumb".equals(term);
    }
}
