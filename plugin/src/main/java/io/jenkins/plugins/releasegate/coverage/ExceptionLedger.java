package io.jenkins.plugins.releasegate.coverage;

import io.jenkins.plugins.releasegate.core.coverage.BuildRecord;
import io.jenkins.plugins.releasegate.core.coverage.ExceptionUsage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The use of every exception across builds, kept in {@value #FILE_NAME} in the Jenkins home so that it survives
 * restarts. A ledger file that cannot be read is moved aside before a new ledger starts.
 */
final class ExceptionLedger {

    static final String FILE_NAME = "release-gate-exception-usage.json";

    private static final Logger LOGGER = Logger.getLogger(ExceptionLedger.class.getName());

    private final Path file;
    private ExceptionUsage usage;

    ExceptionLedger(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** Counts the exceptions one finished build used, and saves the ledger when it changed. */
    synchronized void record(BuildRecord build) {
        if (build.exceptions().isEmpty()) {
            return;
        }
        ExceptionUsage current = usage();
        current.record(build);
        try {
            current.writeTo(file);
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Release Gate could not save the exception usage to " + file, e);
        }
    }

    /** The ledger, read from its file on first use. */
    synchronized ExceptionUsage usage() {
        if (usage == null) {
            try {
                usage = ExceptionUsage.readFrom(file);
            } catch (IOException e) {
                Path aside = file.resolveSibling(FILE_NAME + ".unreadable");
                LOGGER.log(
                        Level.WARNING,
                        "Release Gate could not read the exception usage in " + file + " (" + e.getMessage()
                                + "); it starts a new ledger and keeps the old file as " + aside,
                        e);
                try {
                    Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException moved) {
                    LOGGER.log(Level.WARNING, "Release Gate could not set " + file + " aside", moved);
                }
                usage = new ExceptionUsage();
            }
        }
        return usage;
    }
}
