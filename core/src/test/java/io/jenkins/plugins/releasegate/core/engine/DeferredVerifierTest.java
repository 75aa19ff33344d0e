package io.jenkins.plugins.releasegate.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactDigests;
import io.jenkins.plugins.releasegate.core.artifact.ArtifactHasher;
import io.jenkins.plugins.releasegate.core.evidence.ArtifactContext;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceVerifier;
import io.jenkins.plugins.releasegate.core.signature.PublicKeySet;
import io.jenkins.plugins.releasegate.core.signature.SigstoreBundleVerifier;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeferredVerifierTest {

    @TempDir
    Path folder;

    private final AtomicInteger made = new AtomicInteger();

    @Test
    void makesNoVerifierUntilEvidenceOfItsFormatIsRead() {
        DeferredVerifier deferred = new DeferredVerifier(Check.SIGNATURE, this::sigstore);

        assertThat(deferred.check()).isEqualTo(Check.SIGNATURE);
        assertThat(made).hasValue(0);
    }

    @Test
    void makesTheVerifierOnceWhenManyThreadsReadAtTheSameTime() throws Exception {
        Path artifact = Files.writeString(folder.resolve("app.jar"), "app");
        Path bundle = Files.writeString(folder.resolve("app.jar.sigstore.json"), "{\"mediaType\": 1}");
        DeferredVerifier deferred = new DeferredVerifier(Check.SIGNATURE, this::sigstore);
        ArtifactDigests digests = ArtifactHasher.digest(artifact, Set.of());
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<CheckResult>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return deferred.read(
                                    new EvidenceFile(bundle, "release/app.jar.sigstore.json"),
                                    new ArtifactContext("release/app.jar", "app.jar", null))
                            .complete(digests);
                }));
            }
            start.countDown();

            for (Future<CheckResult> result : results) {
                assertThat(result.get().status()).isEqualTo(Status.FAIL);
                assertThat(result.get().detail()).contains("release/app.jar.sigstore.json");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(made).hasValue(1);
    }

    @Test
    void aVerifierThatCannotBeMadeFailsTheReadAndIsTriedAgainNextTime() {
        DeferredVerifier deferred = new DeferredVerifier(Check.SIGNATURE, () -> {
            made.incrementAndGet();
            throw new IllegalStateException("no key ring");
        });
        EvidenceFile evidence = new EvidenceFile(folder.resolve("app.jar.asc"), "app.jar.asc");
        ArtifactContext context = new ArtifactContext("app.jar", "app.jar", null);

        assertThatThrownBy(() -> deferred.read(evidence, context)).hasMessage("no key ring");
        assertThatThrownBy(() -> deferred.read(evidence, context)).hasMessage("no key ring");
        assertThat(made).hasValue(2);
    }

    private EvidenceVerifier sigstore() {
        made.incrementAndGet();
        try {
            return new SigstoreBundleVerifier(PublicKeySet.load(List.of()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
