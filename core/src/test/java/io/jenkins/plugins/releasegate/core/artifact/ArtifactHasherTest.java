package io.jenkins.plugins.releasegate.core.artifact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ArtifactHasherTest {

    @TempDir
    Path folder;

    @Test
    void computesEveryRequestedDigestInOnePassAcrossBufferBoundaries() throws Exception {
        byte[] content = new byte[(3 << 20) + 12345];
        new Random(7).nextBytes(content);
        Path file = Files.write(folder.resolve("app.jar"), content);

        ArtifactDigests digests =
                ArtifactHasher.digest(file, Set.of(DigestAlgorithm.SHA_512, DigestAlgorithm.SHA3_256));

        assertThat(digests.sha256()).isEqualTo(hex("SHA-256", content));
        assertThat(digests.hex(DigestAlgorithm.SHA_512)).contains(hex("SHA-512", content));
        assertThat(digests.hex(DigestAlgorithm.SHA3_256)).contains(hex("SHA3-256", content));
        assertThat(digests.hex(DigestAlgorithm.SHA_384)).isEmpty();
        assertThat(digests.size()).isEqualTo(content.length);
    }

    @Test
    void comparesStatedDigestsInAnyCaseAndLeavesUncomputedOnesUndecided() throws Exception {
        Path file = Files.writeString(folder.resolve("a.jar"), "hello");
        ArtifactDigests digests = ArtifactHasher.digest(file, Set.of());

        String upper = hex("SHA-256", "hello".getBytes()).toUpperCase();
        assertThat(digests.matches(DigestAlgorithm.SHA_256, upper)).contains(true);
        assertThat(digests.matches(DigestAlgorithm.SHA_256, "00" + upper.substring(2)))
                .contains(false);
        assertThat(digests.matches(DigestAlgorithm.SHA_256, "not hex")).contains(false);
        assertThat(digests.matches(DigestAlgorithm.SHA_512, upper)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, (8 << 10) - 1, 8 << 10, (8 << 10) + 1, 65536, (1 << 20) - 1, 1 << 20, (1 << 20) + 1})
    void hashesFilesOfEverySizeAroundTheBufferSizesCompletely(int length) throws Exception {
        byte[] content = new byte[length];
        new Random(length).nextBytes(content);
        Path file = Files.write(folder.resolve("app-" + length + ".bin"), content);
        ByteArrayOutputStream streamed = new ByteArrayOutputStream();
        Consumer<ByteBuffer> reader = chunk -> {
            byte[] bytes = new byte[chunk.remaining()];
            chunk.get(bytes);
            streamed.writeBytes(bytes);
        };

        ArtifactDigests digests = ArtifactHasher.digest(file, Set.of(DigestAlgorithm.SHA_512), List.of(reader));

        assertThat(digests.sha256()).isEqualTo(hex("SHA-256", content));
        assertThat(digests.hex(DigestAlgorithm.SHA_512)).contains(hex("SHA-512", content));
        assertThat(digests.size()).isEqualTo(length);
        assertThat(streamed.toByteArray()).isEqualTo(content);
    }

    private static String hex(String algorithm, byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(content));
    }
}
