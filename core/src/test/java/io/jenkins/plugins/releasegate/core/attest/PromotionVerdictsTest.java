package io.jenkins.plugins.releasegate.core.attest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.releasegate.core.engine.GateFactory;
import io.jenkins.plugins.releasegate.core.policy.Policy;
import io.jenkins.plugins.releasegate.core.policy.PolicyReader;
import io.jenkins.plugins.releasegate.core.verdict.ArtifactReport;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import io.jenkins.plugins.releasegate.core.verdict.Verdict;
import java.io.IOException;
import java.io.Writer;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Gates the example release, signs its verdicts, then gates copies of its artifacts without their evidence (a
 * promotion to another place) and judges the verdicts against every rule.
 */
class PromotionVerdictsTest {

    private static final Path EXAMPLES =
            Path.of("..", "examples").toAbsolutePath().normalize();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-06-01T12:00:00Z"), ZoneOffset.UTC);
    private static final String APP = "examples/release/app-1.0.jar";
    private static final String TOOL = "examples/release/report-tool-1.0.jar";

    @TempDir
    Path folder;

    private KeyPair verdictKeys;
    private Path verdicts;
    private Path promoted;
    private Policy policy;

    @BeforeEach
    void signTheExampleVerdicts() throws Exception {
        verdictKeys = ecKeys("secp256r1");
        policy = PolicyReader.read(EXAMPLES.resolve("policy.yaml"));
        verdicts = folder.resolve("verdicts");
        promoted = folder.resolve("promoted");
        GateReport original =
                GateFactory.create(policy, CLOCK).verify(List.of("examples/release"), EXAMPLES.getParent());
        new AttestationWriter(signer(verdictKeys), "1.2.3").write(original, EXAMPLES.getParent(), verdicts);
    }

    @Test
    void acceptedVerdictPassesAnArtifactWhoseEvidenceStayedBehind() throws Exception {
        promote(APP);

        GateReport bare = gatePromoted(policy);
        assertThat(bare.verdict()).isEqualTo(Verdict.FAIL);
        GateReport report = trusting(verdictKeys).apply(bare);

        assertThat(report.verdict()).isEqualTo(Verdict.PASS);
        ArtifactReport app = report.artifacts().get(0);
        assertThat(app.checks()).extracting(CheckResult::code).containsOnly(Code.VERDICT_ACCEPTED);
        assertThat(app.checks()).extracting(CheckResult::status).containsOnly(Status.PASS);
        Path verdictFile = verdicts.resolve(APP + AttestationWriter.SUFFIX);
        assertThat(app.checks().get(0).evidence()).isEqualTo(verdictFile.toString());
        assertThat(app.checks().get(0).facts())
                .containsEntry("verdict", verdictFile.toString())
                .containsEntry("verdictKeyId", KeyFileSigner.keyId(verdictKeys.getPublic()))
                .containsEntry("verdictTime", "2030-06-01T12:00:00Z");
        assertThat(app.checks().get(0).detail()).contains("No signature evidence is beside " + APP);
        assertThat(report.notes()).anySatisfy(note -> assertThat(note).contains("is accepted for " + APP));
    }

    @Test
    void verdictFoundByFileNameWhenTheArtifactMovedToAnotherFolder() throws Exception {
        Path elsewhere = folder.resolve("repository/app-1.0.jar");
        Files.createDirectories(elsewhere.getParent());
        Files.copy(EXAMPLES.getParent().resolve(APP), elsewhere);
        Files.copy(verdicts.resolve(APP + AttestationWriter.SUFFIX), verdicts.resolve("app-1.0.jar.vsa.dsse.json"));

        GateReport report =
                trusting(verdictKeys).apply(GateFactory.create(policy, CLOCK).verify(List.of("repository"), folder));

        assertThat(report.verdict()).isEqualTo(Verdict.PASS);
    }

    @Test
    void rejectsVerdictSignedByAKeyThePolicyDoesNotTrust() throws Exception {
        promote(APP);

        GateReport report = trusting(ecKeys("secp256r1")).apply(gatePromoted(policy));

        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.artifacts().get(0).checks())
                .extracting(CheckResult::status)
                .containsOnly(Status.MISSING);
        assertThat(report.notes())
                .anySatisfy(note -> assertThat(note)
                        .contains("does not verify with any key the policy trusts")
                        .contains(KeyFileSigner.keyId(verdictKeys.getPublic()))
                        .endsWith("It makes nothing pass for " + APP + "."));
        assertThat(report.artifacts().get(0).checks().get(0).facts().get("verdict"))
                .startsWith("not accepted: ");
    }

    @Test
    void rejectsTamperedEnvelopeWhoseFailedResultWasTurnedIntoPassed() throws Exception {
        promote(TOOL);
        Path file = verdicts.resolve(TOOL + AttestationWriter.SUFFIX);
        ObjectMapper json = new ObjectMapper();
        ObjectNode envelope = (ObjectNode) json.readTree(file.toFile());
        String statement =
                new String(Base64.getDecoder().decode(envelope.get("payload").asText()), StandardCharsets.UTF_8);
        assertThat(statement).contains("\"verificationResult\":\"FAILED\"");
        envelope.put(
                "payload",
                Base64.getEncoder()
                        .encodeToString(statement
                                .replace("\"verificationResult\":\"FAILED\"", "\"verificationResult\":\"PASSED\"")
                                .getBytes(StandardCharsets.UTF_8)));
        json.writeValue(file.toFile(), envelope);

        GateReport report = trusting(verdictKeys).apply(gatePromoted(policy));

        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.notes()).anySatisfy(note -> assertThat(note).contains("changed since"));
    }

    @Test
    void rejectsVerdictAboutOtherContentShowingBothDigests() throws Exception {
        Path copy = promote(APP);
        Files.write(copy, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);

        GateReport bare = gatePromoted(policy);
        GateReport report = trusting(verdictKeys).apply(bare);

        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        String original = GateFactory.create(policy, CLOCK)
                .verify(List.of(APP), EXAMPLES.getParent())
                .artifacts()
                .get(0)
                .sha256();
        assertThat(report.notes())
                .anySatisfy(note -> assertThat(note)
                        .contains("is about SHA-256 " + original)
                        .contains("(SHA-256 " + bare.artifacts().get(0).sha256() + ")"));
    }

    @Test
    void rejectsVerdictMadeUnderAnotherPolicy() throws Exception {
        promote(APP);
        Path stricter = Files.writeString(
                folder.resolve("policy.yaml"),
                Files.readString(EXAMPLES.resolve("policy.yaml")).replace("failOn: high", "failOn: medium"));
        Files.createDirectories(folder.resolve("trust"));
        Files.copy(EXAMPLES.resolve("trust/example-ca.pem"), folder.resolve("trust/example-ca.pem"));

        GateReport bare = gatePromoted(PolicyReader.read(stricter));
        GateReport report = trusting(verdictKeys).apply(bare);

        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.notes())
                .anySatisfy(note -> assertThat(note)
                        .contains("was made under policy")
                        .contains("not under the policy in force now (" + bare.policySha256() + ")"));
    }

    @Test
    void rejectsVerdictThatFailedTheArtifact() throws Exception {
        promote(TOOL);

        GateReport report = trusting(verdictKeys).apply(gatePromoted(policy));

        assertThat(report.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(report.notes()).anySatisfy(note -> assertThat(note).contains("says " + TOOL + " it failed"));
    }

    @Test
    void evidenceThatIsPresentIsStillCheckedAndItsFailureStands() throws Exception {
        Path copy = promote(APP);
        Files.writeString(copy.resolveSibling("app-1.0.jar.p7s"), "not a signature");

        GateReport report = trusting(verdictKeys).apply(gatePromoted(policy));

        ArtifactReport app = report.artifacts().get(0);
        assertThat(app.verdict()).isEqualTo(Verdict.FAIL);
        assertThat(app.checks().get(0).check()).isEqualTo(Check.SIGNATURE);
        assertThat(app.checks().get(0).status()).isEqualTo(Status.FAIL);
        assertThat(app.checks().get(0).facts()).containsKey("verdictKeyId");
        assertThat(app.checks().subList(1, 3)).extracting(CheckResult::code).containsOnly(Code.VERDICT_ACCEPTED);
    }

    @Test
    void verdictThatReliedOnAnExceptionStillCountsAfterTheExceptionExpiredAndSaysSo() throws Exception {
        promote(APP);
        Clock after = Clock.fixed(Instant.parse("2100-01-02T00:00:00Z"), ZoneOffset.UTC);

        GateReport report = new PromotionVerdicts(verdicts, List.of(verdictKeys.getPublic()), after)
                .apply(GateFactory.create(policy, after).verify(List.of("examples/release"), promoted));

        assertThat(report.verdict()).isEqualTo(Verdict.PASS);
        assertThat(report.artifacts().get(0).checks().get(2).facts())
                .containsEntry("verdictExceptionsExpiredSince", "EX-1 (expired 2099-12-31)");
        assertThat(report.notes())
                .anySatisfy(note -> assertThat(note).contains("have expired since: EX-1 (expired 2099-12-31)"));
    }

    @Test
    void policyTrustsVerdictKeysFromItsPublicKeysAndCertificates() throws Exception {
        KeyPair certified = ecKeys("secp384r1");
        Path trust = Files.createDirectories(folder.resolve("trust"));
        Files.copy(EXAMPLES.resolve("trust/example-ca.pem"), trust.resolve("example-ca.pem"));
        pem(trust.resolve("verdict.pub"), verdictKeys.getPublic());
        pem(trust.resolve("verdict-cert.pem"), selfSigned(certified));
        Path policyFile = Files.writeString(
                folder.resolve("policy.yaml"),
                Files.readString(EXAMPLES.resolve("policy.yaml"))
                        .replace(
                                "certificates: [trust/example-ca.pem]",
                                "certificates: [trust/example-ca.pem, trust/verdict-cert.pem]\n"
                                        + "    publicKeys: [trust/verdict.pub]"));
        Policy trusting = PolicyReader.read(policyFile);
        GateReport original =
                GateFactory.create(trusting, CLOCK).verify(List.of("examples/release"), EXAMPLES.getParent());
        promote(APP);

        for (KeyPair keys : List.of(verdictKeys, certified)) {
            Path signed = folder.resolve("signed-" + KeyFileSigner.keyId(keys.getPublic()));
            new AttestationWriter(signer(keys), "1.2.3").write(original, EXAMPLES.getParent(), signed);

            GateReport report = PromotionVerdicts.forPolicy(trusting, signed, CLOCK)
                    .apply(GateFactory.create(trusting, CLOCK).verify(List.of("examples/release"), promoted));

            assertThat(report.verdict()).as(String.join("\n", report.notes())).isEqualTo(Verdict.PASS);
        }
    }

    @Test
    void garbageAndOversizedVerdictFilesAreRejectedWithTheirName() throws Exception {
        promote(APP);
        Path file = verdicts.resolve(APP + AttestationWriter.SUFFIX);
        PromotionVerdicts judge = trusting(verdictKeys);
        String sha256 = gatePromoted(policy).artifacts().get(0).sha256();
        String policySha256 = gatePromoted(policy).policySha256();

        Files.writeString(file, "this is no envelope");
        assertThat(judge.judge(file, APP, sha256, policySha256).reason())
                .startsWith("The verdict " + file + " does not hold a DSSE envelope in JSON");

        Files.write(file, new byte[(int) PromotionVerdicts.MAX_BYTES + 1]);
        assertThat(judge.judge(file, APP, sha256, policySha256).reason()).contains("is larger than 4 MiB");

        Files.writeString(file, "{\"payloadType\":\"application/json\",\"payload\":\"e30=\",\"signatures\":[]}");
        assertThat(judge.judge(file, APP, sha256, policySha256).reason())
                .contains("has payload type \"application/json\", not \"application/vnd.in-toto+json\"");
    }

    @Test
    void artifactWithoutVerdictIsLeftAsTheGateDecided() throws Exception {
        promote(APP);
        GateReport bare = gatePromoted(policy);

        GateReport report =
                new PromotionVerdicts(folder.resolve("empty"), List.of(verdictKeys.getPublic()), CLOCK).apply(bare);

        assertThat(report).isEqualTo(bare);
    }

    private Path promote(String artifact) throws IOException {
        Path copy = promoted.resolve(artifact);
        Files.createDirectories(copy.getParent());
        return Files.copy(EXAMPLES.getParent().resolve(artifact), copy, StandardCopyOption.REPLACE_EXISTING);
    }

    private GateReport gatePromoted(Policy gatePolicy) throws Exception {
        return GateFactory.create(gatePolicy, CLOCK).verify(List.of("examples/release"), promoted);
    }

    private PromotionVerdicts trusting(KeyPair keys) {
        return new PromotionVerdicts(verdicts, List.of(keys.getPublic()), CLOCK);
    }

    private PayloadSigner signer(KeyPair keys) throws IOException {
        Path keyFile = folder.resolve("key-" + KeyFileSigner.keyId(keys.getPublic()) + ".pem");
        try (Writer writer = Files.newBufferedWriter(keyFile);
                JcaPEMWriter pem = new JcaPEMWriter(writer)) {
            pem.writeObject(new JcaPKCS8Generator(keys.getPrivate(), null));
        }
        return KeyFileSigner.load(keyFile);
    }

    private static KeyPair ecKeys(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    private static X509Certificate selfSigned(KeyPair keys) throws Exception {
        X500Principal name = new X500Principal("CN=Release Gate verdicts");
        return new JcaX509CertificateConverter()
                .getCertificate(new JcaX509v3CertificateBuilder(
                                name,
                                BigInteger.TEN,
                                Date.from(Instant.parse("2020-01-01T00:00:00Z")),
                                Date.from(Instant.parse("2040-01-01T00:00:00Z")),
                                name,
                                keys.getPublic())
                        .build(new JcaContentSignerBuilder("SHA384withECDSA").build(keys.getPrivate())));
    }

    private static void pem(Path file, Object value) throws IOException {
        try (Writer writer = Files.newBufferedWriter(file);
                JcaPEMWriter pem = new JcaPEMWriter(writer)) {
            pem.writeObject(value);
        }
    }
}
