package io.jenkins.plugins.releasegate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReleaseGateCommandTest {

    private static final Path EXAMPLES =
            Path.of("..", "examples").toAbsolutePath().normalize();
    private static final String POLICY = EXAMPLES.resolve("policy.yaml").toString();
    private static final String RELEASE = EXAMPLES.resolve("release").toString();

    @TempDir
    Path folder;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void gatesTheExampleReleaseAndNamesTheFailingArtifactsReasons() {
        int status = run("verify", "--policy", POLICY, RELEASE);

        assertThat(status).isEqualTo(1);
        String text = out.toString();
        assertThat(text).containsPattern("pass +\\S*app-1.0.jar +signature");
        assertThat(text).containsPattern("waived +\\S*app-1.0.jar +scan|pass +\\S*app-1.0.jar +scan");
        assertThat(text).containsPattern("FAIL +\\S*report-tool-1.0.jar +sbom .*SHA-256");
        assertThat(text).containsPattern("FAIL +\\S*report-tool-1.0.jar +scan .*CVE-2021-44228");
        assertThat(text.lines().reduce((first, second) -> second).orElseThrow())
                .startsWith("Release gate FAILED: 1 of 2 artifacts failed:")
                .contains("report-tool-1.0.jar (sbom fail, scan fail)");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void warnsOnTheErrorStreamOfAnExceptionThatEndsSoonAndLeavesTheJsonReportAlone() throws IOException {
        String soon = LocalDate.now(ZoneOffset.UTC).plusDays(2).toString();
        Path policy = folder.resolve("policy.yaml");
        Files.createDirectories(folder.resolve("trust"));
        Files.copy(EXAMPLES.resolve("trust/example-ca.pem"), folder.resolve("trust/example-ca.pem"));
        Files.writeString(policy, Files.readString(Path.of(POLICY)).replace("expires: 2099-12-31", "expires: " + soon));

        int status = run(
                "verify",
                "--policy",
                policy.toString(),
                "--format",
                "json",
                EXAMPLES.resolve("release/app-1.0.jar").toString());

        assertThat(status).isZero();
        assertThat(new ObjectMapper().readTree(out.toString()).get("verdict").asText())
                .isEqualTo("pass");
        assertThat(err.toString())
                .isEqualTo("release-gate: warning: Exception EX-1 (owner platform-security@example.com, ticket"
                        + " SEC-1234) ends in 3 days (" + soon + "); after that it waives nothing and what it waives"
                        + " fails the gate." + System.lineSeparator());
    }

    @Test
    void writesTheJsonReportToAFileAndStillPrintsTheVerdict() throws IOException {
        Path report = folder.resolve("gate.json");

        int status = run("verify", "--policy", POLICY, "--format", "json", "--output", report.toString(), RELEASE);

        assertThat(status).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(report.toFile());
        assertThat(json.get("schema").asText()).isEqualTo("release-gate/report/v1");
        assertThat(json.get("artifacts")).hasSize(2);
        assertThat(out.toString()).startsWith("Release gate FAILED").contains("Report: " + report);
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files).containsExactly(report);
        }
    }

    @Test
    void auditModeReportsTheSameFailuresButExitsZero() throws IOException {
        Path policy = Files.writeString(
                folder.resolve("audit.yaml"),
                Files.readString(Path.of(POLICY))
                        .replace("mode: enforce", "mode: audit")
                        .replace(
                                "trust/example-ca.pem",
                                EXAMPLES.resolve("trust/example-ca.pem").toString()));

        int status = run("verify", "--policy", policy.toString(), RELEASE);

        assertThat(status).isZero();
        assertThat(out.toString().lines()).allSatisfy(line -> assertThat(line).startsWith("[audit only] "));
        assertThat(out.toString()).contains("Audit only, the release gate would fail");
    }

    @Test
    void failsWhenNothingIsGated() throws IOException {
        Files.createDirectories(folder.resolve("empty"));

        int status = run("verify", "--policy", POLICY, folder.resolve("empty").toString());

        assertThat(status).isEqualTo(1);
        assertThat(out.toString()).contains("nothing was gated");
    }

    @Test
    void namesAMissingArtifactAsBadUsage() {
        int status = run("verify", "--policy", POLICY, "no/such.jar");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).isEqualTo("release-gate: no/such.jar does not exist.\n");
    }

    @Test
    void listsEveryProblemOfAnInvalidPolicyWithFileAndLine() throws IOException {
        Path policy = Files.writeString(folder.resolve("bad.yaml"), "mode: strict\nscan:\n  failOn: severe\n");

        int status = run("verify", "--policy", policy.toString(), RELEASE);

        assertThat(status).isEqualTo(2);
        assertThat(err.toString())
                .contains(policy + ":1: mode must be one of enforce, audit, not \"strict\"")
                .contains(policy + ":3: scan.failOn must be critical, high, medium, low or none, not \"severe\"")
                .doesNotContain("Exception");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void namesAMissingTrustAnchorAsAnInvalidPolicy() throws IOException {
        Path policy = Files.writeString(
                folder.resolve("policy.yaml"), "signature:\n  trust:\n    certificates: [missing-ca.pem]\n");

        int status = run("verify", "--policy", policy.toString(), RELEASE);

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("missing-ca.pem");
    }

    @Test
    void policyCheckPrintsTheEffectivePolicy() {
        int status = run("policy", "check", POLICY);

        assertThat(status).isZero();
        assertThat(out.toString()).contains("is valid", "sha256", "failOn: high", "binding: digest", "id: EX-1");
    }

    @Test
    void policyCheckRejectsAnUnknownKey() throws IOException {
        Path policy = Files.writeString(folder.resolve("p.yaml"), "version: 1\nsignatures:\n  required: false\n");

        int status = run("policy", "check", policy.toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains(policy + ":2: signatures is not a policy key here");
    }

    @Test
    void rejectsAnUnknownReportFormat() {
        int status = run("verify", "--format", "yaml", RELEASE);

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("--format must be text, json, junit or html, not \"yaml\"");
    }

    @Test
    void leavesNoPartialReportWhenTheOutputCannotBeWritten() {
        Path report = folder.resolve("no-such-folder").resolve("gate.json");

        int status = run("verify", "--policy", POLICY, "--format", "json", "--output", report.toString(), RELEASE);

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).startsWith("release-gate: The report could not be written to " + report);
        assertThat(report).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "reports"})
    void namesAFolderGivenAsTheReportFile(String output) throws IOException {
        Path reports = Files.createDirectories(folder.resolve("reports"));
        String target = output.equals("/") ? output : reports.toString();

        int status = run("verify", "--policy", POLICY, "--format", "json", "--output", target, RELEASE);

        assertThat(status).isEqualTo(2);
        assertThat(err.toString())
                .isEqualTo("release-gate: The report could not be written to " + target
                        + ": it is a folder, so name a file in it instead.\n");
        try (Stream<Path> files = Files.list(reports)) {
            assertThat(files).isEmpty();
        }
    }

    @Test
    void writesASignedVerdictPerArtifactWithAKeyFile() throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        Path key = folder.resolve("attest.key");
        try (java.io.Writer writer = Files.newBufferedWriter(key);
                org.bouncycastle.openssl.jcajce.JcaPEMWriter pem =
                        new org.bouncycastle.openssl.jcajce.JcaPEMWriter(writer)) {
            pem.writeObject(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(
                    generator.generateKeyPair().getPrivate(), null));
        }
        Path verdicts = folder.resolve("verdicts");

        int status = run(
                "verify", "--policy", POLICY, "--attest", verdicts.toString(), "--attest-key", key.toString(), RELEASE);

        assertThat(status).isEqualTo(1);
        assertThat(out.toString()).contains("2 signed verdicts written to " + verdicts);
        try (Stream<Path> files = Files.walk(verdicts)) {
            assertThat(files.filter(Files::isRegularFile)
                            .map(file -> file.getFileName().toString()))
                    .containsExactlyInAnyOrder("app-1.0.jar.vsa.dsse.json", "report-tool-1.0.jar.vsa.dsse.json");
        }
    }

    @Test
    void asksForTheKeyWhenVerdictsAreToBeSigned() {
        int status = run("verify", "--policy", POLICY, "--attest", folder.toString(), RELEASE);

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("--attest and --attest-key go together");
    }

    @Test
    void asksForACommandWhenGivenNone() {
        assertThat(run()).isEqualTo(2);
        assertThat(err.toString()).contains("Name a command");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "verify", "policy", "policy check"})
    void everyCommandHasHelpWithAnExample(String command) {
        String[] args = Stream.concat(Stream.of(command.split(" ")).filter(s -> !s.isEmpty()), Stream.of("--help"))
                .toArray(String[]::new);

        int status = run(args);

        assertThat(status).isZero();
        assertThat(out.toString()).contains("Usage:").containsIgnoringCase("example");
    }

    private int run(String... args) {
        return ReleaseGateCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }
}
