package io.jenkins.plugins.releasegate.core.engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * What the file system says about a file: compared before and after the gate reads an artifact, so that a file
 * rewritten, replaced or deleted meanwhile fails instead of passing on bytes that are no longer there.
 *
 * <p>The size, the modification time and the file's identity change with any ordinary write or replacement, but the
 * modification time can be set back, and a time stamp is only as fine as the file system keeps it. The change time
 * (Unix {@code ctime}) covers the first: nobody can set it, and setting the modification time moves it. For the
 * second, a write during the read gets a stamp no earlier than the read's start, so it can only repeat the old stamp
 * when the file last changed within one stamp's resolution of that start. When either leaves room for doubt, the
 * gate hashes the file again instead of trusting the stamps.
 *
 * @param exists whether the file was there
 * @param size its size in bytes
 * @param modified its modification time in nanoseconds
 * @param changed its change time in nanoseconds, or its modification time where the file system keeps no change time
 * @param key the file system's identity of the file (an inode on Unix), when it has one
 */
record FileState(boolean exists, long size, long modified, long changed, Object key) {

    /**
     * How close to the start of a read a file's last change may lie before its stamps cannot vouch for it: the
     * coarsest common stamp resolution (2 s, FAT) and a second for a file server's clock running apart from ours.
     */
    static final Duration STAMP_MARGIN = Duration.ofSeconds(3);

    private static final FileState GONE = new FileState(false, -1, -1, -1, null);

    /** What a second look at a file says about the bytes read at the first. */
    enum Comparison {
        /** The stamps vouch that the file is as it was. */
        SAME,
        /** The file was written to or replaced. */
        CHANGED,
        /** The file is no longer there. */
        GONE,
        /** The stamps cannot tell; only hashing the file again can. */
        UNSURE
    }

    static FileState of(Path file) {
        try {
            Map<String, Object> unix = Files.readAttributes(file, "unix:size,lastModifiedTime,ctime,fileKey");
            long modified = nanos((FileTime) unix.get("lastModifiedTime"));
            return new FileState(
                    true, (Long) unix.get("size"), modified, nanos((FileTime) unix.get("ctime")), unix.get("fileKey"));
        } catch (UnsupportedOperationException e) {
            return withoutChangeTime(file);
        } catch (IOException e) {
            return GONE;
        }
    }

    /** Where the file system keeps no change time (Windows), the modification time stands in for it. */
    private static FileState withoutChangeTime(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            long modified = nanos(attributes.lastModifiedTime());
            return new FileState(true, attributes.size(), modified, modified, attributes.fileKey());
        } catch (IOException e) {
            return GONE;
        }
    }

    /**
     * Compares this state, taken when a read started, with the state after it.
     *
     * @param readStarted the wall-clock time at which this state was taken
     */
    Comparison against(FileState after, Instant readStarted) {
        if (!after.exists) {
            return Comparison.GONE;
        }
        if (!exists || size != after.size || modified != after.modified || !Objects.equals(key, after.key)) {
            return Comparison.CHANGED;
        }
        long doubtful =
                TimeUnit.SECONDS.toNanos(readStarted.getEpochSecond()) + readStarted.getNano() - STAMP_MARGIN.toNanos();
        if (changed != after.changed || changed > doubtful) {
            return Comparison.UNSURE;
        }
        return Comparison.SAME;
    }

    private static long nanos(FileTime time) {
        return time.to(TimeUnit.NANOSECONDS);
    }
}
