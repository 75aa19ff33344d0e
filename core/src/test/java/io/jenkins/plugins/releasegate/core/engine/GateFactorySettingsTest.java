package io.jenkins.plugins.releasegate.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.releasegate.core.policy.InvalidPolicyException;
import io.jenkins.plugins.releasegate.core.policy.Policy;
import io.jenkins.plugins.releasegate.core.policy.PolicyReader;
import io.jenkins.plugins.releasegate.core.policy.PolicySettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** A form's settings judged as the gate will use them: read by the policy's rules, and every anchor loaded. */
class GateFactorySettingsTest {

    private static final Path EXAMPLES =
            Path.of("..", "examples").toAbsolutePath().normalize();
    private static final String NOT_A_CERTIFICATE =
            "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n";

    @Test
    void theExamplePolicysSettingsMakeTheSamePolicy() throws Exception {
        Policy fromFile = PolicyReader.read(EXAMPLES.resolve("policy.yaml"));

        Policy usable = GateFactory.usablePolicy(PolicySettings.of(fromFile));

        assertThat(usable.scan()).isEqualTo(fromFile.scan());
        assertThat(usable.signature().trust().certificates()).hasSize(1);
    }

    @Test
    void refusesSettingsWhoseAnchorTheGateCouldNotLoad() {
        PolicySettings settings = PolicySettings.defaults().withTrustAnchors(NOT_A_CERTIFICATE, "", "");

        assertThatThrownBy(() -> GateFactory.usablePolicy(settings))
                .isInstanceOfSatisfying(
                        InvalidPolicyException.class,
                        e -> assertThat(e.problems())
                                .extracting(PolicySettings::field)
                                .containsOnly("certificates"));
    }

    @Test
    void checksOneAnchorFieldByItsTextAndByLoadingItsBlocks() throws Exception {
        String ca = Files.readString(EXAMPLES.resolve("trust/example-ca.pem"), StandardCharsets.UTF_8);

        assertThat(GateFactory.checkAnchorField("certificates", ca)).isEmpty();
        assertThat(GateFactory.checkAnchorField("certificates", "")).isEmpty();
        assertThat(GateFactory.checkAnchorField("certificates", "trust/ca.pem"))
                .singleElement()
                .asString()
                .contains("not part of a whole PEM block");
        assertThat(GateFactory.checkAnchorField("certificates", NOT_A_CERTIFICATE))
                .hasSize(1);
        assertThat(GateFactory.checkAnchorField("publicKeys", NOT_A_CERTIFICATE))
                .isNotEmpty();
    }
}
