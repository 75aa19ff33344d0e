package io.jenkins.plugins.releasegate.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.file.Path;

/** Fuzzes the policy reader; without {@code JAZZER_FUZZ=1} it replays the seeds in {@code PolicyReaderFuzzTestInputs}. */
class PolicyReaderFuzzTest {

    private static final Path BASE = Path.of("target", "fuzz-policy").toAbsolutePath();

    @FuzzTest
    void yaml(byte[] input) {
        readOrRefuse(input, false);
    }

    @FuzzTest
    void json(byte[] input) {
        readOrRefuse(input, true);
    }

    /** A policy is either read or refused with problems that name it; nothing else may come out. */
    private static void readOrRefuse(byte[] input, boolean json) {
        try {
            assertThat(PolicyReader.read("fuzzed-policy", input, json, BASE)).isNotNull();
        } catch (InvalidPolicyException e) {
            assertThat(e.problems()).isNotEmpty();
            assertThat(e.getMessage()).contains("fuzzed-policy");
        }
    }
}
