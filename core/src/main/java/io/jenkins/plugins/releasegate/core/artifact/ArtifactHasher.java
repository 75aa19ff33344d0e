package io.jenkins.plugins.releasegate.core.artifact;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** Reads a file once and computes every digest asked for, in constant memory whatever the file's size. */
public final class ArtifactHasher {

    // A heap buffer: MessageDigest hashes a byte array in one call (SHA-NI intrinsics when the JIT has compiled it),
    // while a direct buffer is copied into the digest 4 KiB at a time, which measured about a third slower.
    private static final int BUFFER_SIZE = 1 << 20;

    private static final int MIN_BUFFER_SIZE = 8 << 10;

    private ArtifactHasher() {}

    /** Computes SHA-256 and the other algorithms given, in one streaming pass. */
    public static ArtifactDigests digest(Path file, Set<DigestAlgorithm> algorithms) throws IOException {
        return digest(file, algorithms, List.of());
    }

    /**
     * Computes SHA-256 and the other algorithms given, and hands every byte, in order, to each reader, all in one
     * streaming pass. A reader gets its own view of each chunk, so readers cannot disturb each other or the digests.
     */
    public static ArtifactDigests digest(
            Path file, Set<DigestAlgorithm> algorithms, List<? extends Consumer<ByteBuffer>> readers)
            throws IOException {
        Set<DigestAlgorithm> wanted = EnumSet.of(DigestAlgorithm.SHA_256);
        wanted.addAll(algorithms);
        Map<DigestAlgorithm, MessageDigest> running = new EnumMap<>(DigestAlgorithm.class);
        wanted.forEach(algorithm -> running.put(algorithm, algorithm.newDigest()));

        long size = 0;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            // A small file needs no large buffer; one byte more than its size lets the first read take all of it.
            long fitting = Math.max(MIN_BUFFER_SIZE, channel.size() + 1);
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(BUFFER_SIZE, fitting));
            while (channel.read(buffer) != -1) {
                buffer.flip();
                size += buffer.remaining();
                for (MessageDigest digest : running.values()) {
                    buffer.mark();
                    digest.update(buffer);
                    buffer.reset();
                }
                for (Consumer<ByteBuffer> reader : readers) {
                    reader.accept(buffer.duplicate());
                }
                buffer.clear();
            }
        }

        Map<DigestAlgorithm, byte[]> digests = new EnumMap<>(DigestAlgorithm.class);
        running.forEach((algorithm, digest) -> digests.put(algorithm, digest.digest()));
        return new ArtifactDigests(digests, size);
    }
}
