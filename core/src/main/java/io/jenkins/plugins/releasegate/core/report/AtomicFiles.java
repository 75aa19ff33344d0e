package io.jenkins.plugins.releasegate.core.report;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a whole file or none of it, so that a crash or a full disk never leaves half a report behind. */
public final class AtomicFiles {

    private AtomicFiles() {}

    /**
     * Writes {@code content} to a temporary file beside {@code target}, then moves it over the target in one step
     * where the file system can. The temporary file is gone afterwards, whatever happened. The target's folder must
     * exist.
     *
     * @throws IOException when the folder cannot be written or the disk is full; the target is then unchanged
     */
    public static void write(Path target, byte[] content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path temporary = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName() + ".", ".tmp");
        try {
            Files.write(temporary, content);
            try {
                Files.move(temporary, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | RuntimeException e) {
            // The failure that stopped the write is what the caller must hear about, not a failed clean-up.
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException cleanUp) {
                e.addSuppressed(cleanUp);
            }
            throw e;
        }
    }
}
