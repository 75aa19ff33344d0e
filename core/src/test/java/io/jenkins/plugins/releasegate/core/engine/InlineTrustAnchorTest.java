package io.jenkins.plugins.releasegate.core.engine;

import static io.jenkins.plugins.releasegate.core.engine.GatedReports.check;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.releasegate.core.policy.InvalidPolicyException;
import io.jenkins.plugins.releasegate.core.policy.Policy;
import io.jenkins.plugins.releasegate.core.policy.PolicyFloor;
import io.jenkins.plugins.releasegate.core.policy.PolicyReader;
import io.jenkins.plugins.releasegate.core.policy.PolicyWriter;
import io.jenkins.plugins.releasegate.core.policy.TrustAnchor;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trust anchors written into the policy as PEM text, as the Jenkins global policy page holds them, mean exactly what
 * the same anchors in files mean.
 */
class InlineTrustAnchorTest {

    private static final Path EXAMPLES =
            Path.of("..", "examples").toAbsolutePath().normalize();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-06-01T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path folder;

    private String policyText;
    private String caPem;

    @BeforeEach
    void readTheExample() throws Exception {
        policyText = Files.readString(EXAMPLES.resolve("policy.yaml"));
        caPem = Files.readString(EXAMPLES.resolve("trust/example-ca.pem"));
        assertThat(policyText).contains("certificates: [trust/example-ca.pem]");
    }

    @Test
    void gatesTheExampleAlikeWithTheCaCertificateInlineOrInAFile() throws Exception {
        Policy inline = read(inlinePolicy(caPem));
        Policy fromFile = PolicyReader.read(EXAMPLES.resolve("policy.yaml"));

        GateReport withInline = GateFactory.create(inline, CLOCK).verify(List.of("release"), EXAMPLES);
        GateReport withFile = GateFactory.create(fromFile, CLOCK).verify(List.of("release"), EXAMPLES);

        assertThat(inline.signature().trust().certificates())
                .singleElement()
                .isInstanceOf(TrustAnchor.Inline.class)
                .extracting(TrustAnchor::name)
                .isEqualTo("certificate 1 of the policy");
        assertThat(check(withInline, "app-1.0.jar", Check.SIGNATURE).status()).isEqualTo(Status.PASS);
        assertThat(check(withInline, "app-1.0.jar", Check.SIGNATURE).detail())
                .isEqualTo(check(withFile, "app-1.0.jar", Check.SIGNATURE).detail());
        assertThat(PolicyWriter.sha256(inline)).isEqualTo(PolicyWriter.sha256(fromFile));
    }

    @Test
    void writesInlineAnchorsAsBlocksThatReadBackTheSame() throws Exception {
        Policy inline = read(inlinePolicy(caPem));

        String written = PolicyWriter.toYaml(inline);
        Policy again = PolicyReader.read("written", written.getBytes(StandardCharsets.UTF_8), false, folder);

        assertThat(written).contains("  - |").contains("-----BEGIN CERTIFICATE-----");
        assertThat(again).isEqualTo(inline);
    }

    @Test
    void namesTheInlineAnchorThatHoldsNoCertificate() throws Exception {
        String notACertificate = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n";
        Policy policy = read(inlinePolicy(notACertificate));

        assertThatThrownBy(() -> GateFactory.create(policy, CLOCK))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("certificate 1 of the policy is not a certificate file");
    }

    @Test
    void refusesAPemBlockWithoutItsEndLine() {
        String cut = caPem.substring(0, caPem.indexOf("-----END"));

        assertThatThrownBy(() -> read(inlinePolicy(cut)))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("signature.trust.certificates")
                .hasMessageContaining("entry 1 starts a PEM block but has no -----END line");
    }

    @Test
    void holdsAPipelineAnchorFileToTheSameInlineAnchorOfTheFloor() throws Exception {
        Policy floor = read(inlinePolicy(caPem));
        Path copy = Files.writeString(folder.resolve("ca-copy.pem"), caPem);
        Path other = Files.writeString(folder.resolve("other.pem"), caPem.replace('A', 'B'));

        Policy sameCa = PolicyReader.read(Files.writeString(
                folder.resolve("same.yaml"), policyText.replace("trust/example-ca.pem", "ca-copy.pem")));
        Policy otherCa = PolicyReader.read(Files.writeString(
                folder.resolve("other.yaml"), policyText.replace("trust/example-ca.pem", "other.pem")));

        assertThat(PolicyFloor.tighten(floor, sameCa).signature().trust().certificates())
                .containsExactly(TrustAnchor.file(copy));
        assertThatThrownBy(() -> PolicyFloor.tighten(floor, otherCa))
                .isInstanceOf(PolicyFloor.LoosenedException.class)
                .hasMessageContaining("the global policy does not trust " + other);
    }

    private String inlinePolicy(String pem) {
        StringBuilder block = new StringBuilder("certificates:\n      - |\n");
        pem.lines().forEach(line -> block.append("        ").append(line).append('\n'));
        return policyText.replace("certificates: [trust/example-ca.pem]\n", block.toString());
    }

    private Policy read(String text) throws InvalidPolicyException {
        return PolicyReader.read("policy.yaml", text.getBytes(StandardCharsets.UTF_8), false, folder);
    }
}
