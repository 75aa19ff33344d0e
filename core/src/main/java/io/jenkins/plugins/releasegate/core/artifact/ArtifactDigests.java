package io.jenkins.plugins.releasegate.core.artifact;

import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The digests of one artifact, computed in a single read and shared by every check. */
public final class ArtifactDigests {

    private final Map<DigestAlgorithm, byte[]> digests;
    private final long size;

    public ArtifactDigests(Map<DigestAlgorithm, byte[]> digests, long size) {
        if (!digests.containsKey(DigestAlgorithm.SHA_256)) {
            throw new IllegalArgumentException("The SHA-256 digest is always computed");
        }
        this.digests = new EnumMap<>(DigestAlgorithm.class);
        digests.forEach((algorithm, value) -> this.digests.put(algorithm, value.clone()));
        this.size = size;
    }

    /** The digest in the given algorithm, if it was computed. */
    public Optional<byte[]> get(DigestAlgorithm algorithm) {
        byte[] value = digests.get(algorithm);
        return value == null ? Optional.empty() : Optional.of(value.clone());
    }

    public Optional<String> hex(DigestAlgorithm algorithm) {
        return get(algorithm).map(HexFormat.of()::formatHex);
    }

    public String sha256() {
        return HexFormat.of().formatHex(digests.get(DigestAlgorithm.SHA_256));
    }

    public long size() {
        return size;
    }

    /**
     * Compares a digest stated by evidence (hex, any case) with the artifact's. Empty when the algorithm was not
     * computed, which callers must treat as undecided rather than as a match.
     */
    public Optional<Boolean> matches(DigestAlgorithm algorithm, String statedHex) {
        byte[] actual = digests.get(algorithm);
        if (actual == null) {
            return Optional.empty();
        }
        byte[] stated;
        try {
            stated = HexFormat.of().parseHex(statedHex.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Optional.of(false);
        }
        return Optional.of(MessageDigest.isEqual(actual, stated));
    }
}
