package io.jenkins.plugins.releasegate.steps;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Checks a step's arguments when Pipeline binds them, so a wrong call fails before any work starts. */
final class StepArguments {

    private StepArguments() {}

    static String required(String step, String name, String value, String example) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(Messages.StepArguments_Required(step, name, example));
        }
        return value.trim();
    }

    /** An empty optional argument, as the Snippet Generator sends it, means the argument is absent. */
    static String optional(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /**
     * A key's PKCS#11 URI, which must not carry the PIN: the PIN comes only from a credential, so that it reaches no
     * console, log or build record.
     */
    static String keyUri(String step, String value) {
        String key = required(step, "key", value, "'pkcs11:token=release;object=signing'");
        if (!key.toLowerCase(Locale.ROOT).startsWith("pkcs11:")) {
            throw new IllegalArgumentException(Messages.StepArguments_NotAUri(step));
        }
        String lower = key.toLowerCase(Locale.ROOT);
        if (lower.contains("pin-value") || lower.contains("pin-source")) {
            throw new IllegalArgumentException(Messages.StepArguments_PinInUri(step));
        }
        return key;
    }

    /** Ant patterns separated by commas, as the artifacts parameters take them. */
    static List<String> patterns(String artifacts) {
        return Arrays.stream(artifacts.split(","))
                .map(String::trim)
                .filter(pattern -> !pattern.isEmpty())
                .toList();
    }
}
