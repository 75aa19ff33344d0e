package io.jenkins.plugins.releasegate.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReleaseSignStepTest {

    private static final String KEY = "pkcs11:token=release;object=signing";

    @Test
    void bindsItsArgumentsAndTreatsAnEmptyModuleAsNone() {
        ReleaseSignStep step = new ReleaseSignStep("target/*.jar", KEY, "hsm-pin");
        step.setModule(" ");

        assertThat(step.getArtifacts()).isEqualTo("target/*.jar");
        assertThat(step.getKey()).isEqualTo(KEY);
        assertThat(step.getPinCredentialsId()).isEqualTo("hsm-pin");
        assertThat(step.getModule()).isNull();
    }

    @Test
    void rejectsAMissingKeyWithAnExample() {
        assertThatThrownBy(() -> new ReleaseSignStep("target/*.jar", "", "hsm-pin"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("releaseSign needs key, for example releaseSign key:"
                        + " 'pkcs11:token=release;object=signing'.");
    }

    @Test
    void rejectsAKeyThatIsNoPkcs11Uri() {
        assertThatThrownBy(() -> new ReleaseSignStep("target/*.jar", "/keys/release.pem", "hsm-pin"))
                .hasMessageStartingWith("releaseSign needs key as a PKCS#11 URI that starts with pkcs11:");
    }

    @Test
    void refusesAKeyUriThatCarriesThePin() {
        assertThatThrownBy(() -> new ReleaseSignStep("target/*.jar", KEY + "?pin-value=1234", "hsm-pin"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("releaseSign takes the PIN only from pinCredentialsId, never from the key's URI (pin-value"
                        + " or pin-source), so that the PIN reaches no console or log.")
                .hasMessageNotContaining("1234");
    }

    @Test
    void rejectsAMissingPinCredential() {
        assertThatThrownBy(() -> new ReleaseSignStep("target/*.jar", KEY, null))
                .hasMessage("releaseSign needs pinCredentialsId, for example releaseSign pinCredentialsId:"
                        + " 'hsm-pin'.");
    }

    @Test
    void isCalledReleaseSign() {
        assertThat(new ReleaseSignStep.DescriptorImpl().getFunctionName()).isEqualTo("releaseSign");
    }

    @Test
    void theExecutionPipelineStoresHoldsTheCredentialsIdAndNoPin() {
        Field[] stored = Arrays.stream(ReleaseSignStep.Execution.class.getDeclaredFields())
                .filter(field -> !Modifier.isStatic(field.getModifiers()))
                .toArray(Field[]::new);

        assertThat(stored)
                .extracting(Field::getName)
                .containsExactlyInAnyOrder("artifacts", "key", "pinCredentialsId", "module");
        assertThat(stored).allSatisfy(field -> assertThat(field.getType()).isEqualTo(String.class));
    }
}
