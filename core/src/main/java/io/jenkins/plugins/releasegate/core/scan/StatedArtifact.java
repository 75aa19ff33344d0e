package io.jenkins.plugins.releasegate.core.scan;

import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * An entry of a run's {@code artifacts} that names the gated artifact and states its digests.
 *
 * @param uri the entry's {@code location.uri}
 * @param digests the digests it states, in file order
 */
record StatedArtifact(String uri, List<StatedDigest> digests) {

    StatedArtifact {
        digests = List.copyOf(digests);
    }

    /**
     * Whether an entry at {@code uri} names the gated artifact: its file name is the artifact's. A {@code null}
     * artifact name stands for a release-wide read, which keeps every entry and binds them later by digest.
     */
    static boolean names(String artifactName, String uri) {
        return artifactName == null || artifactName.equals(fileName(uri));
    }

    /** The file name a URI ends in, with percent escapes decoded, for comparing with the artifact's name. */
    static String fileName(String uri) {
        String path = uri;
        int cut = indexOfAny(path, '?', '#');
        if (cut >= 0) {
            path = path.substring(0, cut);
        }
        int slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
        return percentDecoded(path.substring(slash + 1));
    }

    private static int indexOfAny(String text, char first, char second) {
        int a = text.indexOf(first);
        int b = text.indexOf(second);
        if (a < 0) {
            return b;
        }
        return b < 0 ? a : Math.min(a, b);
    }

    private static String percentDecoded(String segment) {
        if (segment.indexOf('%') < 0) {
            return segment;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < segment.length()) {
            if (segment.charAt(i) == '%' && isHex(segment, i + 1) && isHex(segment, i + 2)) {
                bytes.write(Integer.parseInt(segment, i + 1, i + 3, 16));
                i += 3;
            } else {
                int codePoint = segment.codePointAt(i);
                bytes.writeBytes(Character.toString(codePoint).getBytes(StandardCharsets.UTF_8));
                i += Character.charCount(codePoint);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(String text, int at) {
        return at < text.length() && Character.digit(text.charAt(at), 16) >= 0;
    }

    /**
     * One entry of {@code hashes}.
     *
     * @param name the algorithm as the file names it, for example {@code sha-256}
     * @param algorithm the algorithm the gate recognises under that name, if any
     * @param hex the stated value
     */
    record StatedDigest(String name, Optional<DigestAlgorithm> algorithm, String hex) {}
}
