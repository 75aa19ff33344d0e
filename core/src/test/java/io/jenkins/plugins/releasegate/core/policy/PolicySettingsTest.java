package io.jenkins.plugins.releasegate.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jenkins.plugins.releasegate.core.engine.GateFactory;
import io.jenkins.plugins.releasegate.core.policy.PolicySettings.ExceptionSettings;
import io.jenkins.plugins.releasegate.core.verdict.Severity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The global policy page's fields mean what a policy file means, and are checked by the same rules. */
class PolicySettingsTest {

    private static final Path EXAMPLES =
            Path.of("..", "examples").toAbsolutePath().normalize();

    @TempDir
    Path folder;

    @Test
    void turnsTheExamplePolicyIntoFieldsAndBackWithoutChangingWhatItMeans() throws Exception {
        Policy fromFile = PolicyReader.read(EXAMPLES.resolve("policy.yaml"));

        PolicySettings settings = PolicySettings.of(fromFile);
        Policy fromSettings = settings.toPolicy();

        assertThat(settings.certificates()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(settings.include()).isEqualTo("**/*.jar");
        assertThat(settings.exceptions())
                .extracting(ExceptionSettings::id, ExceptionSettings::expires)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("EX-1", "2099-12-31"));
        assertThat(PolicyWriter.sha256(fromSettings)).isEqualTo(PolicyWriter.sha256(fromFile));
        assertThat(PolicySettings.of(fromSettings)).isEqualTo(settings);
    }

    @Test
    void exportsAPolicyThatThePolicyCheckOfTheCommandLineReadsBack() throws Exception {
        Policy page = settings("audit", "7d", List.of(exception("EX-2", "finding:CVE-2024-1234", "2027-01-31")))
                .toPolicy();

        String exported = PolicyWriter.toYaml(page);
        Policy read = PolicyReader.read(Files.writeString(folder.resolve("exported.yaml"), exported));

        assertThat(read).isEqualTo(page);
        assertThat(read.mode()).isEqualTo(Mode.AUDIT);
        assertThat(read.scan().maxAge()).contains(Duration.ofDays(7));
        assertThat(read.scan().failOn()).isEqualTo(Severity.CRITICAL);
        assertThat(read.exceptions()).singleElement().satisfies(rule -> {
            assertThat(rule.expires()).isEqualTo(LocalDate.of(2027, 1, 31));
            assertThat(rule.waivedFinding()).contains("CVE-2024-1234");
        });
    }

    @Test
    void namesTheFieldOfEveryProblemAtOnce() {
        PolicySettings bad = settings("strict", "a week", List.of(exception("EX-3", "everything", "")));

        assertThatThrownBy(bad::toPolicy).isInstanceOfSatisfying(InvalidPolicyException.class, e -> {
            assertThat(e.problems()).extracting(PolicySettings::field).contains("mode", "maxAge", "exceptions");
            assertThat(e.problems().stream().map(PolicySettings::describe))
                    .anyMatch(sentence -> sentence.startsWith("Exception 1 expires"))
                    .anyMatch(sentence -> sentence.startsWith("Exception 1 waive"));
        });
    }

    @Test
    void checksOneFieldAloneWithTheReadersRules() {
        assertThat(PolicySettings.check("failOn", "high")).isEmpty();
        assertThat(PolicySettings.check("failOn", "severe"))
                .singleElement()
                .asString()
                .contains("severe");
        assertThat(PolicySettings.check("maxAge", "")).isEmpty();
        assertThat(PolicySettings.check("maxAge", "7 days")).hasSize(1);
        assertThat(PolicySettings.check("scanFormats", "sarif, trivy")).isEmpty();
        assertThat(PolicySettings.check("scanFormats", "sarif, nessus"))
                .singleElement()
                .asString()
                .contains("nessus");
        assertThat(PolicySettings.check("certificates", "trust/ca.pem"))
                .singleElement()
                .asString()
                .contains("not part of a whole PEM block");
    }

    @Test
    void holdsWhichSignersMustBeTrustedInItsOwnField() throws Exception {
        Policy any = PolicyReader.read(Files.writeString(folder.resolve("any.yaml"), "signature:\n  signers: any\n"));

        PolicySettings settings = PolicySettings.of(any);

        assertThat(settings.signers()).isEqualTo("any");
        assertThat(settings.toPolicy().signature().signers()).isEqualTo(Signers.ANY);
        assertThat(PolicySettings.defaults().signers()).isEqualTo("all");
        assertThat(withSigners(" ").toPolicy().signature().signers()).isEqualTo(Signers.ALL);
        assertThat(PolicySettings.check("signers", "any")).isEmpty();
        assertThat(PolicySettings.check("signers", "")).isEmpty();
        assertThat(PolicySettings.check("signers", "most")).containsExactly("Must be one of all, any, not \"most\"");
        assertThatThrownBy(() -> withSigners("most").toPolicy())
                .isInstanceOfSatisfying(
                        InvalidPolicyException.class,
                        e -> assertThat(e.problems())
                                .extracting(PolicySettings::field)
                                .containsExactly("signers"));
    }

    @Test
    void checksOneFieldOfAnExceptionRowAlone() {
        assertThat(PolicySettings.checkException("expires", "2027-01-31")).isEmpty();
        assertThat(PolicySettings.checkException("expires", "31/01/2027"))
                .containsExactly("Must be a date like 2027-01-31, not \"31/01/2027\"");
        assertThat(PolicySettings.checkException("expires", " ")).containsExactly("Is required but missing");
        assertThat(PolicySettings.checkException("waive", "finding:CVE-2021-44228"))
                .isEmpty();
        assertThat(PolicySettings.checkException("waive", "everything"))
                .singleElement()
                .asString()
                .contains("signature, sbom, scan or finding:");
        assertThat(PolicySettings.checkException("id", "EX 1"))
                .singleElement()
                .asString()
                .contains("not a usable id");
        assertThat(PolicySettings.checkException("owner", "")).containsExactly("Is required but missing");
        assertThat(PolicySettings.checkException("ticket", "")).isEmpty();
        assertThat(PolicySettings.checkException("artifact", "")).isEmpty();
        assertThatThrownBy(() -> PolicySettings.checkException("colour", "red"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesAnchorsTheGateCannotUseBeforeTheyAreSaved() throws Exception {
        String notACertificate = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----";
        PolicySettings settings = withCertificates(notACertificate);
        Policy policy = settings.toPolicy();

        assertThatThrownBy(() -> GateFactory.checkTrustAnchors(policy, PolicySettings.SOURCE))
                .isInstanceOf(InvalidPolicyException.class)
                .hasMessageContaining("certificate 1 of the policy is not a certificate file");
    }

    @Test
    void takesSeveralPemBlocksFromOneTextArea() throws Exception {
        String ca = Files.readString(EXAMPLES.resolve("trust/example-ca.pem"), StandardCharsets.US_ASCII);
        Policy policy = withCertificates(ca + "\n\n" + ca.replace("\n", "\r\n")).toPolicy();

        assertThat(policy.signature().trust().certificates())
                .extracting(TrustAnchor::name)
                .containsExactly("certificate 1 of the policy", "certificate 2 of the policy");
        GateFactory.checkTrustAnchors(policy, PolicySettings.SOURCE);
    }

    private static PolicySettings settings(String mode, String maxAge, List<ExceptionSettings> exceptions) {
        PolicySettings d = PolicySettings.defaults();
        return new PolicySettings(
                mode,
                d.include(),
                "**/test/**",
                d.signatureRequired(),
                d.signatureFormats(),
                d.certificates(),
                d.openpgpKeys(),
                d.publicKeys(),
                d.codeSigning(),
                d.signers(),
                d.sbomRequired(),
                d.sbomFormats(),
                d.sbomBinding(),
                d.scanRequired(),
                d.scanFormats(),
                "critical",
                maxAge,
                d.requiredKinds(),
                exceptions);
    }

    private static PolicySettings withSigners(String signers) {
        PolicySettings d = PolicySettings.defaults();
        return new PolicySettings(
                d.mode(),
                d.include(),
                d.exclude(),
                d.signatureRequired(),
                d.signatureFormats(),
                d.certificates(),
                d.openpgpKeys(),
                d.publicKeys(),
                d.codeSigning(),
                signers,
                d.sbomRequired(),
                d.sbomFormats(),
                d.sbomBinding(),
                d.scanRequired(),
                d.scanFormats(),
                d.failOn(),
                d.maxAge(),
                d.requiredKinds(),
                List.of());
    }

    private static PolicySettings withCertificates(String pem) {
        return PolicySettings.defaults().withTrustAnchors(pem, "", "");
    }

    private static ExceptionSettings exception(String id, String waive, String expires) {
        return new ExceptionSettings(id, waive, "", "Vendor fix pending", "security@example.com", "SEC-9", expires);
    }
}
