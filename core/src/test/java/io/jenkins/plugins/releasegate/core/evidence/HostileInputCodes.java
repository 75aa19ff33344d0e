package io.jenkins.plugins.releasegate.core.evidence;

import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Keeps the code each reader gave each hostile input in {@code target/hostile-input-codes.tsv}, so that the README's
 * hardening table is filled from a run rather than from memory.
 */
public final class HostileInputCodes {

    private static final Path TABLE = Path.of("target", "hostile-input-codes.tsv");

    private HostileInputCodes() {}

    public static synchronized void record(String reader, String hostileInput, CheckResult result) {
        String line = reader + "\t" + hostileInput + "\t" + result.code() + "\n";
        try {
            Files.createDirectories(TABLE.getParent());
            Files.writeString(
                    TABLE, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not note a hostile input's code in " + TABLE, e);
        }
    }
}
