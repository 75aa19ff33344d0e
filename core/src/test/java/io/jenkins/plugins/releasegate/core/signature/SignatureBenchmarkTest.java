package io.jenkins.plugins.releasegate.core.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactHasher;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures what the signature formats cost next to the gate's own hashing read: an OpenPGP check fed during that read,
 * and a signed JAR, which its verifier reads again. It asserts only that each signature passes; the numbers are
 * printed for people. Run it with
 * {@code ./mvnw -pl core test -Dtest=SignatureBenchmarkTest -Dreleasegate.benchmark=true} and
 * {@code -Dreleasegate.benchmark.mib=512} to choose the artifact size.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "releasegate.benchmark", matches = "true")
class SignatureBenchmarkTest {

    @TempDir
    Path folder;

    @Test
    void feedsOpenPgpChecksDuringTheHashingRead() throws Exception {
        assumeThat(GnuPg.unavailable()).as("gpg is needed").isEmpty();
        long size = Long.getLong("releasegate.benchmark.mib", 256) << 20;
        Path artifact = writeRandom(folder.resolve("big.bin"), size);
        try (GnuPg gpg = new GnuPg(folder.resolve("gnupg"))) {
            String rsa = gpg.generateKey("Bench RSA <rsa@example.com>", "rsa3072", "sign", null);
            String ed = gpg.generateKey("Bench Ed <ed@example.com>", "ed25519", "sign", null);
            Path ring = gpg.exportPublic(folder.resolve("ring.asc"), true, rsa, ed);
            OpenPgpSignatureVerifier verifier =
                    new OpenPgpSignatureVerifier(OpenPgpKeyRing.load(List.of(ring)), Clock.systemUTC());

            for (String key : List.of(rsa, ed)) {
                Path signature = gpg.detachSign(key, artifact, folder.resolve(key + ".sig"), false);
                long hashOnly = time(() -> ArtifactHasher.digest(artifact, Set.of()));
                CheckResult[] result = new CheckResult[1];
                long hashAndFeed = time(() -> result[0] = StreamingRun.check(verifier, artifact, signature));

                System.out.printf(
                        "[signature-benchmark] OpenPGP %s over %d MiB: SHA-256 alone %d ms (%.0f MiB/s), SHA-256 and"
                                + " the fed OpenPGP check %d ms (%.0f MiB/s), hash %s%n",
                        key.equals(rsa) ? "RSA-3072" : "Ed25519",
                        size >> 20,
                        hashOnly,
                        (size >> 20) / (hashOnly / 1000.0),
                        hashAndFeed,
                        (size >> 20) / (hashAndFeed / 1000.0),
                        result[0].facts().get("hashAlgorithm"));
                assertThat(result[0].status()).as(result[0].detail()).isEqualTo(Status.PASS);
            }
        }
    }

    @Test
    void verifiesALargeSignedJar() throws Exception {
        assumeThat(OpenSslPki.unavailable()).as("openssl is needed").isEmpty();
        int entries = Integer.getInteger("releasegate.benchmark.entries", 5000);
        Map<String, byte[]> content = new LinkedHashMap<>();
        Random random = new Random(1);
        for (int i = 0; i < entries; i++) {
            byte[] bytes = new byte[8 * 1024 + random.nextInt(16 * 1024)];
            random.nextBytes(bytes);
            content.put("com/example/p" + (i % 50) + "/C" + i + ".class", bytes);
        }
        Path jar = JarSigning.writeJar(folder.resolve("big.jar"), content);
        JarSigning signing = new JarSigning(folder);
        Path pem = folder.resolve("signer.pem");
        signing.sign(jar, signing.selfSigned("signer", "CN=Bench Signer", pem));
        X509Certificate certificate;
        try (var in = Files.newInputStream(pem)) {
            certificate =
                    (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        JarSignatureVerifier verifier =
                new JarSignatureVerifier(CertificateTrust.of(List.of(certificate)), true, Clock.systemUTC());

        CheckResult[] result = new CheckResult[1];
        long verify = time(() -> result[0] = EngineRun.check(verifier, jar, jar));
        long hashOnly = time(() -> ArtifactHasher.digest(jar, Set.of()));

        System.out.printf(
                "[signature-benchmark] signed JAR with %d entries, %.1f MiB: verified in %d ms (the gate's SHA-256"
                        + " read alone: %d ms)%n",
                entries, Files.size(jar) / 1048576.0, verify, hashOnly);
        assertThat(result[0].status()).as(result[0].detail()).isEqualTo(Status.PASS);
    }

    private static Path writeRandom(Path file, long size) throws IOException {
        Random random = new Random(9);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        return file;
    }

    private static long time(Action action) throws Exception {
        long start = System.nanoTime();
        action.run();
        return (System.nanoTime() - start) / 1_000_000;
    }

    @FunctionalInterface
    private interface Action {
        void run() throws Exception;
    }
}
