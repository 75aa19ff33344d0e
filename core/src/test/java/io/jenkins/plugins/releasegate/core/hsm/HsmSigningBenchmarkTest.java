package io.jenkins.plugins.releasegate.core.hsm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Measures signing through SoftHSM2: signatures per second over many small files, and MB/s over a few large ones,
 * each next to a shell loop of {@code pkcs11-tool --sign} over the same files. It asserts only that every file was
 * signed; the figures are printed for people. Run it with
 * {@code ./mvnw -pl core test -Dtest=HsmSigningBenchmarkTest -Dreleasegate.benchmark=true}; choose the sizes with
 * {@code -Dreleasegate.benchmark.files=1000} and {@code -Dreleasegate.benchmark.largeMib=256}.
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "releasegate.benchmark", matches = "true")
class HsmSigningBenchmarkTest {

    private static final int LARGE_FILES = 4;

    @TempDir
    Path dir;

    @Test
    void signsSmallFiles() throws Exception {
        int count = Integer.getInteger("releasegate.benchmark.files", 1000);
        Path folder = Files.createDirectories(dir.resolve("small"));
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            files.add(TokenFixtures.randomFile(folder, String.format("file-%04d.bin", i), 1024));
        }

        for (KeyType type : List.of(KeyType.EC_P256, KeyType.RSA_3072)) {
            Key key = key(type);
            double engineSeconds = signWithEngine(key, files);
            double toolSeconds = signWithPkcs11Tool(key, folder, "*.bin");
            System.out.printf(
                    "%s, %d files of 1 KiB: engine %.2f s (%.0f signatures/s), pkcs11-tool loop %.2f s (%.0f"
                            + " signatures/s)%n",
                    type, count, engineSeconds, count / engineSeconds, toolSeconds, count / toolSeconds);
        }
    }

    @Test
    void signsLargeFiles() throws Exception {
        long mib = Long.getLong("releasegate.benchmark.largeMib", 256);
        Path folder = Files.createDirectories(dir.resolve("large"));
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < LARGE_FILES; i++) {
            files.add(largeFile(folder.resolve("large-" + i + ".bin"), mib << 20, i));
        }
        double totalMb = LARGE_FILES * (mib << 20) / 1e6;

        Key key = key(KeyType.EC_P256);
        double engineSeconds = signWithEngine(key, files);
        double toolSeconds = signWithPkcs11Tool(key, folder, "*.bin");
        System.out.printf(
                "%s, %d files of %d MiB: engine %.2f s (%.0f MB/s), pkcs11-tool loop %.2f s (%.0f MB/s), %d"
                        + " processors%n",
                KeyType.EC_P256,
                LARGE_FILES,
                mib,
                engineSeconds,
                totalMb / engineSeconds,
                toolSeconds,
                totalMb / toolSeconds,
                Runtime.getRuntime().availableProcessors());
    }

    private record Key(SoftHsmToken token, String label, String idHex, KeyType type) {}

    private static Key key(KeyType type) throws HsmException {
        SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.BENCH);
        String label = TokenFixtures.uniqueLabel("bench-" + type);
        HsmKeys.GeneratedKey key = TokenFixtures.keyWithCertificate(token, label, type);
        return new Key(token, label, key.uri().idHex().orElseThrow(), type);
    }

    private static double signWithEngine(Key key, List<Path> files) throws HsmException {
        long start = System.nanoTime();
        List<SigningOutcome> outcomes;
        try (HsmSigner signer = HsmSigner.open(
                SoftHsmToken.module(),
                Pkcs11Uri.parse(key.token().uri(key.label())),
                key.token().newPin(),
                List.of())) {
            outcomes = signer.signAll(files);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(outcomes).allMatch(SigningOutcome::succeeded);
        return seconds;
    }

    /**
     * A shell loop that starts pkcs11-tool once per file, as a script without the engine would. SoftHSM 2.6 has no
     * CKM_ECDSA_SHA256, so for EC keys the loop hashes with openssl first and has the token sign the digest.
     */
    private static double signWithPkcs11Tool(Key key, Path folder, String glob) throws IOException {
        boolean rsa = key.type() == KeyType.RSA_3072;
        String input = rsa ? "\"$f\"" : "\"$f.sha256\"";
        String hash = rsa ? "" : "openssl dgst -sha256 -binary \"$f\" > \"$f.sha256\" && ";
        String loop = "for f in " + folder + "/" + glob + "; do " + hash + "pkcs11-tool --module '"
                + SoftHsmToken.module() + "' --token-label '" + key.token().label() + "' --login --pin \"$PIN\""
                + " --sign --mechanism " + (rsa ? "SHA256-RSA-PKCS" : "ECDSA") + " --id " + key.idHex()
                + " --input-file " + input + " --output-file \"$f.sig\" >/dev/null || exit 1; done";
        long start = System.nanoTime();
        ToolRun.run(folder, List.of("env", "PIN=" + key.token().pin(), "bash", "-c", loop));
        return (System.nanoTime() - start) / 1e9;
    }

    private static Path largeFile(Path file, long size, int seed) throws IOException {
        byte[] block = new byte[1 << 20];
        new Random(seed).nextBytes(block);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += block.length) {
                out.write(block, 0, (int) Math.min(block.length, size - written));
            }
        }
        return file;
    }
}
