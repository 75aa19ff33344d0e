package io.jenkins.plugins.releasegate.core.policy;

import static java.util.stream.Collectors.joining;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One trust anchor of a policy: a file it names (a CA or signer certificate, an OpenPGP key, a public key), or the
 * PEM or ASCII-armored text itself, as the Jenkins global policy page holds it.
 */
public sealed interface TrustAnchor {

    /** More than any certificate or key file holds; the loaders of each kind of anchor set their own, lower, caps. */
    long MAX_BYTES = 4L << 20;

    /** The anchor as messages name it: the file's path, or for example {@code certificate 2 of the policy}. */
    String name();

    /** The file's name without its folder, or the inline anchor's label. */
    default String shortName() {
        return this instanceof File file ? String.valueOf(file.path().getFileName()) : name();
    }

    /**
     * The anchor's bytes, at most {@code maxBytes} of them.
     *
     * @throws java.nio.file.NoSuchFileException when the file does not exist
     * @throws IOException when the file cannot be read or is larger than {@code maxBytes}
     */
    byte[] read(long maxBytes) throws IOException;

    /**
     * The SHA-256 of the anchor's content, so that the same key in a file and inline compares equal. PEM and armored
     * text is taken line by line without surrounding white space or blank lines, since line endings and a final
     * newline differ between a file, a YAML block and a text area; binary content is taken as it is.
     */
    default String contentDigest(long maxBytes) throws IOException {
        byte[] content = read(maxBytes);
        String text = new String(content, StandardCharsets.ISO_8859_1);
        if (isInlineText(text)) {
            content = (text.lines()
                                    .map(String::strip)
                                    .filter(line -> !line.isEmpty())
                                    .collect(joining("\n")) + "\n")
                    .getBytes(StandardCharsets.ISO_8859_1);
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    static TrustAnchor file(Path path) {
        return new File(path);
    }

    /**
     * @param label what messages call it, for example {@code certificate 2 of the policy}
     * @param text the PEM or ASCII-armored block(s)
     */
    static TrustAnchor inline(String label, String text) {
        return new Inline(label, text);
    }

    /** Whether a policy value is the anchor's text rather than a path: it holds a PEM or armor header. */
    static boolean isInlineText(String value) {
        return value.contains("-----BEGIN ");
    }

    /** A file the policy names, resolved against the policy file's folder. */
    record File(Path path) implements TrustAnchor {

        public File {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String name() {
            return path.toString();
        }

        @Override
        public byte[] read(long maxBytes) throws IOException {
            try (InputStream in = Files.newInputStream(path)) {
                byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
                if (bytes.length > maxBytes) {
                    throw new IOException("it is larger than the " + readable(maxBytes) + " allowed");
                }
                return bytes;
            }
        }
    }

    /** The anchor's text, written into the policy itself. */
    record Inline(String label, String text) implements TrustAnchor {

        public Inline {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(text, "text");
        }

        @Override
        public String name() {
            return label;
        }

        @Override
        public byte[] read(long maxBytes) throws IOException {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            if (bytes.length > maxBytes) {
                throw new IOException("it is larger than the " + readable(maxBytes) + " allowed");
            }
            return bytes;
        }
    }

    private static String readable(long bytes) {
        return bytes >= 1 << 20 ? (bytes >> 20) + " MiB" : (bytes >> 10) + " KiB";
    }
}
