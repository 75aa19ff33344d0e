package io.jenkins.plugins.releasegate.core.signature;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactHasher;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceVerifier;
import io.jenkins.plugins.releasegate.core.evidence.PendingCheck;
import io.jenkins.plugins.releasegate.core.evidence.StreamingCheck;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Drives a verifier the way the gate will once it feeds streaming checks: read the evidence, then one read of the
 * artifact that feeds every {@link StreamingCheck} and computes the digests, then complete. The bytes go in
 * odd-sized pieces, alternately through a direct buffer and an array, as a real reader may hand them over.
 */
final class StreamingRun {

    private StreamingRun() {}

    static CheckResult check(EvidenceVerifier verifier, Path artifact, Path evidence) throws IOException {
        PendingCheck pending = EngineRun.read(verifier, artifact, evidence);
        if (pending instanceof StreamingCheck streaming) {
            feed(streaming, artifact);
        }
        return pending.complete(ArtifactHasher.digest(artifact, pending.digestsNeeded()));
    }

    static void feed(StreamingCheck check, Path artifact) throws IOException {
        ByteBuffer direct = ByteBuffer.allocateDirect(8191);
        boolean useArray = false;
        try (FileChannel channel = FileChannel.open(artifact, StandardOpenOption.READ)) {
            while (channel.read(direct) != -1) {
                direct.flip();
                if (useArray) {
                    byte[] copy = new byte[direct.remaining()];
                    direct.get(copy);
                    check.update(copy, 0, copy.length);
                } else {
                    check.update(direct);
                }
                useArray = !useArray;
                direct.clear();
            }
        }
    }
}
