package io.jenkins.plugins.releasegate.core.evidence;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactDigests;
import java.nio.ByteBuffer;

/**
 * A pending check that must see the artifact's bytes rather than a finished digest. An OpenPGP signature, for one,
 * hashes the document followed by a trailer taken from the signature itself, so no plain digest of the artifact can
 * decide it; instead the gate hands such a check every byte during the one read in which it computes the digests.
 *
 * <p>The contract, for whoever reads the artifact: after {@code read} returned this check, call {@link #update} with
 * every byte of the artifact, in order and from one thread, then call {@link #complete(ArtifactDigests)} with the
 * digests of that same read. The check compares the number of bytes it was given with
 * {@link ArtifactDigests#size()}, so a gate that does not feed it, or feeds it only part of the artifact, makes it fail
 * rather than pass. {@code update} never throws; a problem is remembered and reported by {@code complete}.
 */
public interface StreamingCheck extends PendingCheck {

    /** Gives the check the next {@code length} bytes of the artifact. */
    void update(byte[] buffer, int offset, int length);

    /**
     * Gives the check the bytes from the buffer's position to its limit and, like
     * {@link java.security.MessageDigest#update(ByteBuffer)}, leaves the position at the limit.
     */
    default void update(ByteBuffer data) {
        if (data.hasArray()) {
            update(data.array(), data.arrayOffset() + data.position(), data.remaining());
            data.position(data.limit());
            return;
        }
        byte[] chunk = new byte[Math.min(data.remaining(), 64 * 1024)];
        while (data.hasRemaining()) {
            int length = Math.min(chunk.length, data.remaining());
            data.get(chunk, 0, length);
            update(chunk, 0, length);
        }
    }
}
