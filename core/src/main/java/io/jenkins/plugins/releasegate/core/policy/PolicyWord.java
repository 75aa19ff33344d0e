package io.jenkins.plugins.releasegate.core.policy;

import java.util.Locale;

/** A closed set of words a policy may use for a key; the word is the constant's name in lower case with dashes. */
public interface PolicyWord {

    String name();

    default String word() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
