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

    private static final int BUFFER_SIZE = 1 << 20;

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
        ByteBuffer buffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
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
