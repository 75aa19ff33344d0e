package io.jenkins.plugins.releasegate.core.report;

import java.util.Locale;
import java.util.Optional;

/** The forms a gate report can be written in. */
public enum ReportFormat {
    TEXT,
    JSON,
    JUNIT,
    HTML;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ReportFormat> byId(String id) {
        for (ReportFormat format : values()) {
            if (format.id().equalsIgnoreCase(id)) {
                return Optional.of(format);
            }
        }
        return Optional.empty();
    }
}
