package io.jenkins.plugins.releasegate.core.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class CappedInputStreamTest {

    @Test
    void readsAStreamUpToItsLimit() throws IOException {
        try (InputStream in = new CappedInputStream(new ByteArrayInputStream(new byte[100]), 100)) {
            assertThat(in.readAllBytes()).hasSize(100);
        }
    }

    @Test
    void refusesAStreamThatGoesPastItsLimit() throws IOException {
        try (InputStream in = new CappedInputStream(new ByteArrayInputStream(new byte[101]), 100)) {
            assertThatThrownBy(in::readAllBytes)
                    .isInstanceOf(CappedInputStream.LimitExceeded.class)
                    .hasMessage("more than 100 bytes");
        }
    }

    @Test
    void countsSingleBytesAndSkippedBytesToo() throws IOException {
        try (InputStream in = new CappedInputStream(new ByteArrayInputStream(new byte[10]), 5)) {
            assertThat(in.skip(5)).isEqualTo(5);
            assertThatThrownBy(in::read).isInstanceOf(CappedInputStream.LimitExceeded.class);
        }
    }
}
