package io.jenkins.plugins.releasegate.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.core.engine.FileState.Comparison;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When a file's stamps vouch for it, when they show a change, and when only its content can tell. */
class FileStateTest {

    private static final Instant READ_STARTED = Instant.parse("2030-06-01T12:00:00Z");
    private static final long LONG_AGO = nanos(READ_STARTED.minus(Duration.ofHours(1)));

    @TempDir
    Path folder;

    @Test
    void trustsTheStampsOfAFileThatLastChangedLongBeforeTheRead() {
        FileState before = state(10, LONG_AGO, LONG_AGO, 1L);

        assertThat(before.against(state(10, LONG_AGO, LONG_AGO, 1L), READ_STARTED))
                .isEqualTo(Comparison.SAME);
    }

    @Test
    void seesAWriteOrReplacementInTheSizeModificationTimeOrIdentity() {
        FileState before = state(10, LONG_AGO, LONG_AGO, 1L);

        assertThat(before.against(state(11, LONG_AGO, LONG_AGO, 1L), READ_STARTED))
                .isEqualTo(Comparison.CHANGED);
        assertThat(before.against(state(10, LONG_AGO + 1, LONG_AGO + 1, 1L), READ_STARTED))
                .isEqualTo(Comparison.CHANGED);
        assertThat(before.against(state(10, LONG_AGO, LONG_AGO, 2L), READ_STARTED))
                .isEqualTo(Comparison.CHANGED);
        assertThat(before.against(FileState.of(folder.resolve("absent")), READ_STARTED))
                .isEqualTo(Comparison.GONE);
    }

    @Test
    void asksForTheContentWhenOnlyTheChangeTimeMoved() {
        FileState before = state(10, LONG_AGO, LONG_AGO, 1L);

        assertThat(before.against(state(10, LONG_AGO, LONG_AGO + 1, 1L), READ_STARTED))
                .isEqualTo(Comparison.UNSURE);
    }

    @Test
    void asksForTheContentWhenTheFileChangedTooCloseToTheReadForItsStampsToTell() {
        long justBefore = nanos(READ_STARTED.minus(FileState.STAMP_MARGIN).plusMillis(1));
        long justOutside = nanos(READ_STARTED.minus(FileState.STAMP_MARGIN).minusMillis(1));
        long ahead = nanos(READ_STARTED.plusSeconds(30));

        assertThat(state(10, justBefore, justBefore, 1L).against(state(10, justBefore, justBefore, 1L), READ_STARTED))
                .isEqualTo(Comparison.UNSURE);
        assertThat(state(10, ahead, ahead, 1L).against(state(10, ahead, ahead, 1L), READ_STARTED))
                .as("a file server whose clock runs ahead")
                .isEqualTo(Comparison.UNSURE);
        assertThat(state(10, justOutside, justOutside, 1L)
                        .against(state(10, justOutside, justOutside, 1L), READ_STARTED))
                .isEqualTo(Comparison.SAME);
    }

    @Test
    void readsTheChangeTimeThatSettingTheModificationTimeBackCannotHide() throws Exception {
        Path file = Files.writeString(folder.resolve("app.jar"), "content");
        FileTime longAgo = FileTime.from(Instant.parse("2020-01-01T00:00:00Z"));
        Instant written = Instant.now();

        Files.setLastModifiedTime(file, longAgo);
        FileState state = FileState.of(file);

        assertThat(state.modified()).isEqualTo(longAgo.to(TimeUnit.NANOSECONDS));
        assertThat(state.changed()).isGreaterThan(nanos(written.minusSeconds(60)));
        assertThat(state.against(FileState.of(file), Instant.now()))
                .as("a file that changed a moment ago")
                .isEqualTo(Comparison.UNSURE);
    }

    private static FileState state(long size, long modified, long changed, Object key) {
        return new FileState(true, size, modified, changed, key);
    }

    private static long nanos(Instant instant) {
        return TimeUnit.SECONDS.toNanos(instant.getEpochSecond()) + instant.getNano();
    }
}
