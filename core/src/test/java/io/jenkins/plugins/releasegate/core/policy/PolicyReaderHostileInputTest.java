package io.jenkins.plugins.releasegate.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evidence readers' hostile inputs, given to the policy reader: each ends as an {@link InvalidPolicyException}
 * that names the file, never another exception or a hang.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PolicyReaderHostileInputTest {

    private static final String WELL_FORMED = """
            version: 1
            mode: enforce
            signature:
              required: true
              formats: [cms]
            scan:
              failOn: high
            """;

    @TempDir
    Path folder;

    @Test
    void readsAnEmptyFileAsTheStrictDefaults() throws Exception {
        Path policy = Files.write(folder.resolve("release-gate.yml"), new byte[0]);

        assertThat(PolicyReader.read(policy)).isEqualTo(Policy.defaults());
    }

    @Test
    void rejectsRandomBytes() throws Exception {
        byte[] noise = new byte[64 * 1024];
        new Random(7).nextBytes(noise);

        assertInvalid(write("release-gate.yml", noise));
    }

    @Test
    void rejectsAPolicyCutInTheMiddleOfAKey() throws Exception {
        byte[] whole = WELL_FORMED.getBytes(StandardCharsets.UTF_8);

        assertInvalid(write("release-gate.yml", Arrays.copyOf(whole, WELL_FORMED.indexOf("quired"))));
    }

    @Test
    void refusesATwoGibibyteFileBySizeWithoutReadingIt() throws Exception {
        Path policy = folder.resolve("release-gate.yml");
        try (RandomAccessFile sparse = new RandomAccessFile(policy.toFile(), "rw")) {
            sparse.setLength(2L << 30);
        }

        assertThat(assertInvalid(policy).getMessage()).contains("is larger than 1024 KiB");
    }

    @Test
    void rejectsJsonNestedOneHundredThousandLevelsDeep() throws Exception {
        String nested = "{\"a\":[".repeat(100_000) + "]}".repeat(100_000);

        assertInvalid(write("release-gate.json", nested.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void rejectsYamlNestedOneHundredThousandLevelsDeep() throws Exception {
        String nested = "[".repeat(100_000) + "]".repeat(100_000);

        assertInvalid(write("release-gate.yml", nested.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void rejectsAHugeString() throws Exception {
        String huge = "mode: \"" + "a".repeat(900_000) + "\"\n";

        assertInvalid(write("release-gate.yml", huge.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void rejectsInvalidUtf8() throws Exception {
        byte[] start = "mode: \"".getBytes(StandardCharsets.US_ASCII);
        byte[] content = Arrays.copyOf(start, start.length + 4);
        content[start.length] = (byte) 0xC3;
        content[start.length + 1] = (byte) 0x28;
        content[start.length + 2] = (byte) 0xFF;
        content[start.length + 3] = '"';

        assertInvalid(write("release-gate.yml", content));
    }

    @Test
    void rejectsDuplicateKeys() throws Exception {
        String twice = "mode: audit\n" + WELL_FORMED;

        assertInvalid(write("release-gate.yml", twice.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void rejectsYamlAliasExpansionWithoutExpandingIt() throws Exception {
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int level = 1; level <= 12; level++) {
            String previous = "*a" + (level - 1);
            yaml.append('a')
                    .append(level)
                    .append(": &a")
                    .append(level)
                    .append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, previous)))
                    .append("]\n");
        }

        assertInvalid(write("release-gate.yml", yaml.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private Path write(String name, byte[] content) throws Exception {
        return Files.write(folder.resolve(name), content);
    }

    private static InvalidPolicyException assertInvalid(Path policy) {
        Throwable thrown = catchThrowable(() -> PolicyReader.read(policy));

        assertThat(thrown).isInstanceOf(InvalidPolicyException.class);
        assertThat(thrown.getMessage()).contains(policy.getFileName().toString());
        assertThat(thrown.getMessage().length()).isLessThan(2000);
        return (InvalidPolicyException) thrown;
    }
}
