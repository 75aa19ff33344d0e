package io.jenkins.plugins.releasegate.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.AbortException;
import io.jenkins.plugins.releasegate.ExampleRelease;
import io.jenkins.plugins.releasegate.core.attest.KeyFileSigner;
import io.jenkins.plugins.releasegate.core.attest.PromotionVerdicts;
import io.jenkins.plugins.releasegate.core.engine.GateFactory;
import io.jenkins.plugins.releasegate.core.hsm.HsmKeys;
import io.jenkins.plugins.releasegate.core.hsm.KeyType;
import io.jenkins.plugins.releasegate.core.hsm.Pkcs11Module;
import io.jenkins.plugins.releasegate.core.hsm.Pkcs11Uri;
import io.jenkins.plugins.releasegate.core.hsm.SoftHsmToken;
import io.jenkins.plugins.releasegate.core.policy.ArtifactPatterns;
import io.jenkins.plugins.releasegate.core.policy.Policy;
import io.jenkins.plugins.releasegate.core.policy.PolicyReader;
import io.jenkins.plugins.releasegate.core.report.JsonReportReader;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import io.jenkins.plugins.releasegate.core.verdict.Verdict;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the gate's callable with {@code attest} against a real workspace holding the example release, signing with a
 * key file and with a SoftHSM2 key, then has the promotion rule judge the verdicts once the evidence is gone.
 */
class VerdictSigningTest {

    private static final String APP = "release/app-1.0.jar";

    @TempDir
    Path workspace;

    private String examplePolicy;

    @BeforeEach
    void copyTheExampleReleaseIntoTheWorkspace() throws IOException {
        ExampleRelease.copyInto(workspace);
        examplePolicy = ExampleRelease.policy();
    }

    @Test
    void writesVerdictsSignedWithAKeyFileThatPromoteTheArtifactWithoutItsEvidence() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("EC").generateKeyPair();
        writeKey(workspace.resolve("ci/verdict.key"), keys);

        GateReport report = run(new GateCallable("release/*.jar", null, examplePolicy, "ci/verdict.key", null, null));

        assertThat(report.notes()).contains("2 signed verdicts written to release-gate-verdicts/.");
        Path verdict = workspace.resolve("release-gate-verdicts/" + APP + ".vsa.dsse.json");
        assertThat(new ObjectMapper()
                        .readTree(verdict.toFile())
                        .at("/signatures/0/keyid")
                        .asText())
                .isEqualTo(KeyFileSigner.keyId(keys.getPublic()));
        assertThat(promotedWithout(APP, keys.getPublic()).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void signsTheVerdictsThroughTheTokenAndOverwritesThePin() throws Exception {
        SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.RELEASE);
        String key = token.uri("gate-verdicts-" + UUID.randomUUID());
        PublicKey publicKey = HsmKeys.generate(
                        Pkcs11Module.open(SoftHsmToken.module()),
                        Pkcs11Uri.parse(key),
                        KeyType.EC_P256,
                        token.newPin(),
                        HsmKeys.SelfSigned.of("Gate verdicts"))
                .certificate()
                .orElseThrow()
                .getPublicKey();
        char[] pin = token.pin().toCharArray();

        GateReport report = run(new GateCallable(
                "release/*.jar", null, examplePolicy, key, SoftHsmToken.module().toString(), pin));

        assertThat(pin).containsOnly('\0');
        assertThat(report.notes()).contains("2 signed verdicts written to release-gate-verdicts/.");
        assertThat(promotedWithout(APP, publicKey).verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void aLaterGateRunAcceptsTheVerdictsInPlaceOfTheEvidenceWhenThePolicyTrustsTheirKey() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("EC").generateKeyPair();
        writeKey(workspace.resolve("ci/verdict.key"), keys);
        String trusting = trustingVerdictKey(keys.getPublic());
        run(new GateCallable("release/*.jar", null, trusting, "ci/verdict.key", null, null));
        for (String suffix : List.of(".p7s", ".cdx.json", ".sarif")) {
            Files.delete(workspace.resolve(APP + suffix));
        }

        GateReport bare = run(new GateCallable(APP, null, trusting));
        GateReport promoted = run(new GateCallable(APP, null, trusting).withVerdicts("release-gate-verdicts"));

        assertThat(bare.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(promoted.verdict()).as(String.join("\n", promoted.notes())).isEqualTo(Verdict.PASS);
        assertThat(promoted.artifacts().get(0).checks())
                .extracting(check -> check.code().name())
                .containsOnly("VERDICT_ACCEPTED");
    }

    @Test
    void verdictsSignedByAKeyThePolicyDoesNotTrustPromoteNothing() throws Exception {
        KeyPair keys = KeyPairGenerator.getInstance("EC").generateKeyPair();
        writeKey(workspace.resolve("ci/verdict.key"), keys);
        run(new GateCallable("release/*.jar", null, examplePolicy, "ci/verdict.key", null, null));
        for (String suffix : List.of(".p7s", ".cdx.json", ".sarif")) {
            Files.delete(workspace.resolve(APP + suffix));
        }

        GateReport promoted = run(new GateCallable(APP, null, examplePolicy).withVerdicts("release-gate-verdicts"));

        assertThat(promoted.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(promoted.notes()).anySatisfy(note -> assertThat(note).contains(APP));
    }

    @Test
    void aVerdictFolderOutsideTheWorkspaceFailsTheStep() {
        assertThatThrownBy(() -> run(new GateCallable(APP, null, examplePolicy).withVerdicts("../elsewhere")))
                .isInstanceOf(AbortException.class)
                .hasMessage("The verdicts folder ../elsewhere is not a folder inside the workspace, so the release gate"
                        + " fails.");
    }

    /** The example policy, trusting also the verdict key, written inline as the global policy page holds keys. */
    private String trustingVerdictKey(PublicKey key) throws IOException {
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(key);
        }
        String indented = "        " + pem.toString().strip().replace("\n", "\n        ");
        return examplePolicy.replace(
                "    certificates: [trust/example-ca.pem]\n",
                "    certificates: [trust/example-ca.pem]\n    publicKeys:\n      - |\n" + indented + "\n");
    }

    @Test
    void missingKeyFileFailsTheStepAndNamesTheFile() {
        assertThatThrownBy(
                        () -> run(new GateCallable("release/*.jar", null, examplePolicy, "ci/absent.key", null, null)))
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("absent.key")
                .hasMessageEndingWith("releaseGate writes no signed verdicts and fails.");
        assertThat(workspace.resolve("release-gate-verdicts")).doesNotExist();
    }

    @Test
    void wrongPinFailsTheStepAndIsOverwritten() {
        SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.RELEASE);
        char[] pin = "not-the-pin".toCharArray();

        assertThatThrownBy(() -> run(new GateCallable(
                        "release/*.jar",
                        null,
                        examplePolicy,
                        token.uri("absent-" + UUID.randomUUID()),
                        SoftHsmToken.module().toString(),
                        pin)))
                .isInstanceOf(AbortException.class)
                .hasMessageEndingWith("releaseGate writes no signed verdicts and fails.");
        assertThat(pin).containsOnly('\0');
    }

    @Test
    void attestNeedsAKeyAndATokenKeyNeedsAPinCredential() throws Exception {
        assertThatThrownBy(() -> VerdictSigning.check(true, null, null))
                .isInstanceOf(AbortException.class)
                .hasMessageStartingWith("releaseGate attest: true needs attestKey");
        assertThatThrownBy(() -> VerdictSigning.check(true, "pkcs11:token=release;object=verdicts", null))
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("needs pinCredentialsId");
        VerdictSigning.check(true, "ci/verdict.key", null);
        VerdictSigning.check(false, null, null);
    }

    @Test
    void stepRefusesAPinInTheAttestKeyUri() {
        ReleaseGateStep step = new ReleaseGateStep("target/*.jar");

        assertThatThrownBy(() -> step.setAttestKey("pkcs11:token=release;object=verdicts?pin-value=1234"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("never from the attestKey URI");
        step.setAttest(true);
        step.setAttestKey(" pkcs11:token=release;object=verdicts ");
        assertThat(step.isAttest()).isTrue();
        assertThat(step.getAttestKey()).isEqualTo("pkcs11:token=release;object=verdicts");
    }

    /** Gates the artifact again after its evidence files were deleted, accepting the verdicts from the workspace. */
    private GateReport promotedWithout(String artifact, PublicKey trusted) throws Exception {
        for (String suffix : List.of(".p7s", ".cdx.json", ".sarif")) {
            Files.delete(workspace.resolve(artifact + suffix));
        }
        // The step's artifact patterns are part of the effective policy, and so of the digest a verdict names.
        Policy read = PolicyReader.read(
                "the global policy", examplePolicy.getBytes(StandardCharsets.UTF_8), false, workspace);
        Policy policy = new Policy(
                read.mode(),
                new ArtifactPatterns(List.of("release/*.jar"), read.artifacts().exclude()),
                read.signature(),
                read.sbom(),
                read.scan(),
                read.exceptions());
        GateReport bare = GateFactory.create(policy, Clock.systemUTC()).verify(List.of(artifact), workspace);
        assertThat(bare.verdict()).isEqualTo(Verdict.FAIL);
        GateReport promoted = new PromotionVerdicts(
                        workspace.resolve(VerdictSigning.FOLDER), List.of(trusted), Clock.systemUTC())
                .apply(bare);
        assertThat(promoted.verdict()).as(String.join("\n", promoted.notes())).isEqualTo(Verdict.PASS);
        return promoted;
    }

    private GateReport run(GateCallable callable) throws Exception {
        return JsonReportReader.read("the report", callable.invoke(workspace.toFile(), null));
    }

    private static void writeKey(Path file, KeyPair keys) throws IOException {
        Files.createDirectories(file.getParent());
        try (Writer writer = Files.newBufferedWriter(file);
                JcaPEMWriter pem = new JcaPEMWriter(writer)) {
            pem.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
        }
    }
}
