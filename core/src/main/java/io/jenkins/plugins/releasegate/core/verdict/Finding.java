package io.jenkins.plugins.releasegate.core.verdict;

import java.util.Objects;

/**
 * One result of a security scan.
 *
 * @param id the rule or vulnerability id, for example {@code CVE-2021-44228}
 * @param severity the severity the gate gave it
 * @param severitySource how the gate got that severity, for example {@code security-severity 9.8 on rule java/xss}
 * @param message what the scanner said, possibly empty
 * @param location where the scanner found it, possibly empty
 * @param waivedBy the id of the exception that waives this finding, or {@code null}
 */
public record Finding(
        String id, Severity severity, String severitySource, String message, String location, String waivedBy) {

    public Finding {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(severitySource, "severitySource");
        message = message == null ? "" : message;
        location = location == null ? "" : location;
    }

    public boolean waived() {
        return waivedBy != null;
    }
}
