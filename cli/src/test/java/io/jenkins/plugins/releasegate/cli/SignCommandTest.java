package io.jenkins.plugins.releasegate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.jenkins.plugins.releasegate.core.hsm.SoftHsmToken;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code release-gate hsm} and {@code release-gate sign} against a real SoftHSM2 token. */
class SignCommandTest {

    @TempDir
    Path folder;

    private StringWriter out;
    private StringWriter err;
    private Path module;
    private SoftHsmToken token;
    private Path pinFile;
    private String keyUri;

    @BeforeEach
    void makeAKeyOnTheToken() throws IOException {
        module = SoftHsmToken.module();
        token = SoftHsmToken.get(SoftHsmToken.Name.RELEASE);
        pinFile = Files.writeString(folder.resolve("pin"), token.pin() + "\n");
        keyUri = token.uri("cli-" + UUID.randomUUID());

        int status = run(
                "hsm",
                "keygen",
                "--module",
                module.toString(),
                "--key",
                keyUri,
                "--type",
                "ec-p256",
                "--self-signed",
                "CLI Release Signer",
                "--pin-file",
                pinFile.toString());

        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Made the ec-p256 key", "Stored a self-signed code-signing certificate");
    }

    @Test
    void signsFilesThatOpensslAndTheGateThenVerify() throws Exception {
        Path first = Files.writeString(folder.resolve("app.jar"), "application");
        Path second = Files.writeString(folder.resolve("lib.jar"), "library");

        int status = run(
                "sign",
                "--module",
                module.toString(),
                "--key",
                keyUri,
                "--pin-file",
                pinFile.toString(),
                first.toString(),
                second.toString());

        assertThat(status).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Signed 2 files.");
        assertThat(folder.resolve("app.jar.p7s")).isNotEmptyFile();
        Path certificate = folder.resolve("signer.pem");
        openssl(
                "pkcs7",
                "-inform",
                "DER",
                "-in",
                folder.resolve("app.jar.p7s").toString(),
                "-print_certs",
                "-out",
                certificate.toString());
        openssl(
                "cms",
                "-verify",
                "-binary",
                "-inform",
                "DER",
                "-in",
                folder.resolve("app.jar.p7s").toString(),
                "-content",
                first.toString(),
                "-CAfile",
                certificate.toString(),
                "-purpose",
                "any",
                "-out",
                "/dev/null");
        Path policy = Files.writeString(
                folder.resolve("policy.yaml"),
                "signature:\n  trust:\n    certificates: [" + certificate
                        + "]\nsbom:\n  required: false\nscan:\n  required: false\n");

        int verified = run("verify", "--policy", policy.toString(), first.toString(), second.toString());

        assertThat(verified).as(out.toString()).isZero();
    }

    @Test
    void enrolsAKeyWithACaThroughARequestAndImportsTheIssuedCertificate() throws Exception {
        String uri = token.uri("cli-ca-" + UUID.randomUUID());
        Path request = folder.resolve("signing.csr");
        int made = run(
                "hsm",
                "keygen",
                "--module",
                module.toString(),
                "--key",
                uri,
                "--type",
                "rsa-3072",
                "--csr",
                request.toString(),
                "--subject",
                "CA Issued Signer",
                "--pin-file",
                pinFile.toString());
        assertThat(made).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Wrote the certificate signing request to " + request);

        Path extensions = Files.writeString(
                folder.resolve("ext.cnf"),
                "basicConstraints=critical,CA:false\n"
                        + "keyUsage=critical,digitalSignature\n"
                        + "extendedKeyUsage=codeSigning\n");
        openssl(
                "req",
                "-x509",
                "-new",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-nodes",
                "-keyout",
                folder.resolve("ca.key").toString(),
                "-subj",
                "/CN=Test Release CA",
                "-days",
                "2",
                "-out",
                folder.resolve("ca.pem").toString());
        openssl(
                "x509",
                "-req",
                "-in",
                request.toString(),
                "-CA",
                folder.resolve("ca.pem").toString(),
                "-CAkey",
                folder.resolve("ca.key").toString(),
                "-CAcreateserial",
                "-CAserial",
                folder.resolve("ca.srl").toString(),
                "-days",
                "1",
                "-extfile",
                extensions.toString(),
                "-out",
                folder.resolve("issued.pem").toString());

        int imported = run(
                "hsm",
                "import-cert",
                "--module",
                module.toString(),
                "--key",
                uri,
                "--pin-file",
                pinFile.toString(),
                folder.resolve("issued.pem").toString());
        assertThat(imported).as(err.toString()).isZero();
        assertThat(out.toString()).contains("Stored CN=CA Issued Signer next to its key.");

        Path file = Files.writeString(folder.resolve("app.jar"), "application");
        assertThat(run(
                        "sign",
                        "--module",
                        module.toString(),
                        "--key",
                        uri,
                        "--pin-file",
                        pinFile.toString(),
                        file.toString()))
                .as(err.toString())
                .isZero();
        Path policy = Files.writeString(
                folder.resolve("policy.yaml"),
                "signature:\n  trust:\n    certificates: [" + folder.resolve("ca.pem")
                        + "]\nsbom:\n  required: false\nscan:\n  required: false\n");
        assertThat(run("verify", "--policy", policy.toString(), file.toString()))
                .as(out.toString())
                .isZero();
        assertThat(out.toString()).contains("trusted through CN=Test Release CA");
    }

    @Test
    void listsTheKeyWithItsCertificateOnlyWhenGivenThePin() {
        int status = run(
                "hsm",
                "list",
                "--module",
                module.toString(),
                "--token",
                token.label(),
                "--pin-file",
                pinFile.toString());

        assertThat(status).as(err.toString()).isZero();
        String object = keyUri.substring(keyUri.indexOf("object=") + 7);
        assertThat(out.toString())
                .contains("token '" + token.label() + "'")
                .containsPattern("private key '" + object + "'.*with certificate");

        run("hsm", "list", "--module", module.toString(), "--token", token.label());

        assertThat(out.toString()).contains("public key '" + object + "'").doesNotContain("private key");
    }

    @Test
    void reportsAWrongPinOnceWithoutShowingIt() throws IOException {
        Path wrong = Files.writeString(folder.resolve("wrong-pin"), "not-the-pin-4711");
        Path file = Files.writeString(folder.resolve("app.jar"), "application");

        int status = run(
                "sign",
                "--module",
                module.toString(),
                "--key",
                keyUri,
                "--pin-file",
                wrong.toString(),
                file.toString());

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).startsWith("release-gate: ").contains("PIN");
        assertThat(out.toString() + err.toString()).doesNotContain("not-the-pin-4711", token.pin());
        assertThat(folder.resolve("app.jar.p7s")).doesNotExist();
    }

    @Test
    void signsOnlyWhatPassesItsSbomAndScanChecksUnderGate() throws IOException {
        Path file = Files.writeString(folder.resolve("app.jar"), "application");
        Path policy = Files.writeString(folder.resolve("policy.yaml"), "version: 1\n");

        int status = run(
                "sign",
                "--module",
                module.toString(),
                "--key",
                keyUri,
                "--pin-file",
                pinFile.toString(),
                "--gate",
                policy.toString(),
                file.toString());

        assertThat(status).isEqualTo(1);
        assertThat(out.toString()).contains("not signed  " + file, "Signed 0 of 1 files; 1 not signed.");
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(path -> path.getFileName().toString())).noneMatch(name -> name.endsWith(".p7s"));
        }
    }

    @Test
    void refusesAKeyOfAnUnsupportedTypeInOneSentenceAndWritesNoSignature() throws IOException {
        String label = "cli-p521-" + UUID.randomUUID();
        token.pkcs11Tool(folder, "--keypairgen", "--key-type", "EC:secp521r1", "--label", label, "--id", "0521");
        Path artifact = Files.writeString(folder.resolve("app.jar"), "application");

        int status = run(
                "sign",
                "--module",
                module.toString(),
                "--key",
                token.uri(label),
                "--pin-file",
                pinFile.toString(),
                artifact.toString());

        assertThat(status).isEqualTo(ReleaseGateCommand.USAGE);
        assertThat(err.toString().lines())
                .singleElement()
                .asString()
                .startsWith("release-gate: The key '" + label + "' on token 'release' (slot ")
                .endsWith(") is an EC P-521 key, which the signer does not support (RSA, EC P-256 and EC P-384 are),"
                        + " so nothing was signed.");
        assertThat(folder.resolve("app.jar.p7s")).doesNotExist();
    }

    @Test
    void namesAModuleThatDoesNotExist() {
        int status = run(
                "sign",
                "--module",
                folder.resolve("nope.so").toString(),
                "--key",
                keyUri,
                "--pin-file",
                pinFile.toString(),
                "x.jar");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("nope.so");
    }

    @Test
    void refusesAPinInTheKeyUri() {
        int status = run(
                "sign",
                "--key",
                "pkcs11:token=release;object=x;pin-value=1234",
                "--module",
                module.toString(),
                "--pin-file",
                pinFile.toString(),
                "x.jar");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("pin-value").doesNotContain("1234");
    }

    @Test
    void demandsAPinSource() {
        int status = run("sign", "--key", keyUri, "--module", module.toString(), "x.jar");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).contains("--pin-env", "--pin-file");
    }

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return ReleaseGateCommand.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    private void openssl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.exitValue())
                .as(String.join(" ", command) + "\n" + output)
                .isZero();
    }
}
