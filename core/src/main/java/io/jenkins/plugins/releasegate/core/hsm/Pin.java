package io.jenkins.plugins.releasegate.core.hsm;

import io.jenkins.plugins.releasegate.core.hsm.HsmException.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * A token's user PIN, held as characters that {@link #close()} overwrites, so that it lives no longer than the login
 * it is for. It comes from an environment variable or a file, never from a command-line argument or a URI, and no
 * message, {@link #toString()} included, ever shows it. Not for use by several threads at once.
 */
public final class Pin implements AutoCloseable {

    private static final int MAX_FILE_BYTES = 4096;

    private final char[] secret;
    private boolean cleared;

    private Pin(char[] secret) {
        this.secret = secret;
    }

    /**
     * A PIN from characters the caller holds, for example a Jenkins secret; they are copied, and the caller clears
     * its own.
     */
    public static Pin of(char[] secret) throws HsmException {
        if (secret.length == 0) {
            throw new HsmException(Kind.PIN_UNAVAILABLE, "The PIN given is empty, so there was no login.");
        }
        return new Pin(secret.clone());
    }

    /** The PIN in the named environment variable, as it is. */
    public static Pin fromEnvironment(String variable) throws HsmException {
        return fromEnvironment(variable, System::getenv);
    }

    static Pin fromEnvironment(String variable, UnaryOperator<String> environment) throws HsmException {
        String value = environment.apply(variable);
        if (value == null) {
            throw new HsmException(
                    Kind.PIN_UNAVAILABLE,
                    "The environment variable " + variable + " that should hold the PIN is not set, so there was"
                            + " no login.");
        }
        if (value.isEmpty()) {
            throw new HsmException(
                    Kind.PIN_UNAVAILABLE,
                    "The environment variable " + variable + " that should hold the PIN is empty, so there was no"
                            + " login.");
        }
        return new Pin(value.toCharArray());
    }

    /** The PIN in a UTF-8 file, without the line break that ends it; a file with nothing else is refused. */
    public static Pin fromFile(Path file) throws HsmException {
        byte[] bytes = readCapped(file);
        try {
            int length = bytes.length;
            if (length > 0 && bytes[length - 1] == '\n') {
                length--;
                if (length > 0 && bytes[length - 1] == '\r') {
                    length--;
                }
            }
            if (length == 0) {
                throw new HsmException(
                        Kind.PIN_UNAVAILABLE, "The PIN file " + file + " is empty, so there was no login.");
            }
            return new Pin(decode(file, ByteBuffer.wrap(bytes, 0, length)));
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    /** Overwrites the PIN; afterwards it can no longer be used. */
    @Override
    public void close() {
        Arrays.fill(secret, '\0');
        cleared = true;
    }

    /** Whether {@link #close()} has overwritten the PIN. */
    public boolean isCleared() {
        return cleared;
    }

    @Override
    public String toString() {
        return cleared ? "Pin[cleared]" : "Pin[hidden]";
    }

    /** The PIN as UTF-8 bytes for {@code C_Login}; the caller overwrites them as soon as the call returns. */
    byte[] utf8() {
        if (cleared) {
            throw new IllegalStateException("The PIN was already used and cleared");
        }
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(secret));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        Arrays.fill(encoded.array(), (byte) 0);
        return bytes;
    }

    private static byte[] readCapped(Path file) throws HsmException {
        try (var in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_FILE_BYTES + 1);
            if (bytes.length > MAX_FILE_BYTES) {
                Arrays.fill(bytes, (byte) 0);
                throw new HsmException(
                        Kind.PIN_UNAVAILABLE,
                        "The PIN file " + file + " is larger than " + MAX_FILE_BYTES + " bytes, so it is not a PIN"
                                + " and there was no login.");
            }
            return bytes;
        } catch (NoSuchFileException e) {
            throw new HsmException(
                    Kind.PIN_UNAVAILABLE, "The PIN file " + file + " does not exist, so there was no login.");
        } catch (IOException e) {
            throw new HsmException(
                    Kind.PIN_UNAVAILABLE,
                    "The PIN file " + file + " could not be read ("
                            + e.getClass().getSimpleName() + "), so there was no login.");
        }
    }

    private static char[] decode(Path file, ByteBuffer bytes) throws HsmException {
        try {
            CharBuffer chars = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(bytes);
            char[] secret = new char[chars.remaining()];
            chars.get(secret);
            Arrays.fill(chars.array(), '\0');
            return secret;
        } catch (CharacterCodingException e) {
            throw new HsmException(
                    Kind.PIN_UNAVAILABLE, "The PIN file " + file + " is not UTF-8 text, so there was no login.");
        }
    }
}
