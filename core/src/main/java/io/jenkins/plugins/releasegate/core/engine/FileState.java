package io.jenkins.plugins.releasegate.core.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What the file system says about a file: compared before and after the gate reads an artifact, so that a file
 * rewritten, replaced or deleted meanwhile fails instead of passing on bytes that are no longer there.
 *
 * @param exists whether the file was there
 * @param size its size in bytes
 * @param modified its modification time in nanoseconds
 * @param key the file system's identity of the file (an inode on Unix), when it has one
 */
record FileState(boolean exists, long size, long modified, Object key) {

    static FileState of(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileState(
                    true,
                    attributes.size(),
                    attributes.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS),
                    attributes.fileKey());
        } catch (IOException e) {
            return new FileState(false, -1, -1, null);
        }
    }
}
