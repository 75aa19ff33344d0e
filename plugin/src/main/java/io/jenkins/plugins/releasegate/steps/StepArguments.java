package io.jenkins.plugins.releasegate.steps;

/** Checks a step's arguments when Pipeline binds them, so a wrong call fails before any work starts. */
final class StepArguments {

    private StepArguments() {}

    static String required(String step, String name, String value, String example) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    step + " needs " + name + ", for example " + step + " " + name + ": " + example + ".");
        }
        return value.trim();
    }

    /** An empty optional argument, as the Snippet Generator sends it, means the argument is absent. */
    static String optional(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
