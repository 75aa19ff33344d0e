package io.jenkins.plugins.releasegate.core.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinTest {

    @TempDir
    Path dir;

    @Test
    void readsFileWithoutItsFinalLineBreak() throws Exception {
        Path file = Files.writeString(dir.resolve("pin"), "  12 34  \r\n");

        try (Pin pin = Pin.fromFile(file)) {
            assertThat(new String(pin.utf8(), StandardCharsets.UTF_8)).isEqualTo("  12 34  ");
        }
    }

    @Test
    void keepsNonAsciiPinAsUtf8() throws Exception {
        Path file = Files.writeString(dir.resolve("pin"), "Grüße\n", StandardCharsets.UTF_8);

        try (Pin pin = Pin.fromFile(file)) {
            assertThat(pin.utf8()).isEqualTo("Grüße".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void refusesEmptyFile() throws Exception {
        Path file = Files.writeString(dir.resolve("pin"), "\n");

        assertThatThrownBy(() -> Pin.fromFile(file))
                .isInstanceOf(HsmException.class)
                .hasMessage("The PIN file " + file + " is empty, so there was no login.");
    }

    @Test
    void refusesMissingFile() {
        Path file = dir.resolve("absent");

        assertThatThrownBy(() -> Pin.fromFile(file))
                .isInstanceOfSatisfying(
                        HsmException.class, e -> assertThat(e.kind()).isEqualTo(HsmException.Kind.PIN_UNAVAILABLE))
                .hasMessage("The PIN file " + file + " does not exist, so there was no login.");
    }

    @Test
    void refusesFileTooLargeToBeAPin() throws Exception {
        Path file = Files.write(dir.resolve("pin"), new byte[5000]);

        assertThatThrownBy(() -> Pin.fromFile(file)).hasMessageContaining("is larger than 4096 bytes");
    }

    @Test
    void readsEnvironmentVariable() throws Exception {
        try (Pin pin = Pin.fromEnvironment("HSM_PIN", Map.of("HSM_PIN", "4711")::get)) {
            assertThat(pin.utf8()).isEqualTo("4711".getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void refusesUnsetOrEmptyEnvironmentVariable() {
        assertThatThrownBy(() -> Pin.fromEnvironment("HSM_PIN", Map.<String, String>of()::get))
                .hasMessage("The environment variable HSM_PIN that should hold the PIN is not set, so there was no"
                        + " login.");
        assertThatThrownBy(() -> Pin.fromEnvironment("HSM_PIN", Map.of("HSM_PIN", "")::get))
                .hasMessageContaining("is empty");
    }

    @Test
    void closeClearsThePinAndToStringNeverShowsIt() throws Exception {
        char[] secret = "s3cret".toCharArray();
        Pin pin = Pin.of(secret);

        assertThat(pin.toString()).isEqualTo("Pin[hidden]");
        pin.close();

        assertThat(pin.isCleared()).isTrue();
        assertThat(pin.toString()).isEqualTo("Pin[cleared]");
        assertThatThrownBy(pin::utf8).isInstanceOf(IllegalStateException.class);
        assertThat(secret).as("the caller's own copy is the caller's to clear").containsExactly("s3cret".toCharArray());
    }
}
