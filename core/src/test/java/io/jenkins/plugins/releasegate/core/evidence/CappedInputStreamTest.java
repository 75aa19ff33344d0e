package io.jenkins.plugins.releasegate.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class CappedInputStreamTest {

    @Test
    void readsAStreamUpToItsLimit() throws IOException {
        try (CappedInputStream in = new CappedInputStream(new ByteArrayInputStream(new byte[100]), 100)) {
            assertThat(in.readAllBytes()).hasSize(100);
            assertThat(in.exceeded()).isFalse();
        }
    }

    @Test
    void refusesAStreamThatGoesPastItsLimitAndSaysSo() throws IOException {
        try (CappedInputStream in = new CappedInputStream(new ByteArrayInputStream(new byte[101]), 100)) {
            assertThatThrownBy(in::readAllBytes)
                    .isInstanceOf(CappedInputStream.LimitExceeded.class)
                    .hasMessage("more than 100 bytes");
            assertThat(in.exceeded()).isTrue();
        }
    }

    @Test
    void countsSingleBytesAndSkippedBytesToo() throws IOException {
        try (CappedInputStream in = new CappedInputStream(new ByteArrayInputStream(new byte[10]), 5)) {
            assertThat(in.skip(4)).isEqualTo(4);
            in.read();
            assertThatThrownBy(in::read).isInstanceOf(CappedInputStream.LimitExceeded.class);
            assertThat(in.exceeded()).isTrue();
        }
    }
}
