package io.jenkins.plugins.releasegate.config;

import hudson.util.FormValidation;
import java.util.List;
import jenkins.model.Jenkins;

/** The one permission the global policy asks for, and how its form shows a field's problems. */
final class Administrators {

    private Administrators() {}

    /** Refuses everyone but Jenkins administrators, as Jenkins does: with an access-denied error. */
    static void check() {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
    }

    /** A field's problems as one form message, or OK when it has none. */
    static FormValidation validation(List<String> problems) {
        return problems.isEmpty() ? FormValidation.ok() : FormValidation.error(String.join(" ", problems));
    }
}
