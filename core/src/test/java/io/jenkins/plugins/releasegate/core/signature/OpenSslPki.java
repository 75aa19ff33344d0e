package io.jenkins.plugins.releasegate.core.signature;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Makes CAs, certificates and CMS signatures with the real {@code openssl} command line, each CA in a folder of its
 * own with the minimal {@code openssl ca} configuration. Every command runs with a time limit and its output
 * captured; a command that fails or hangs fails the test and shows that output. {@link #run(Path, List)} serves any
 * other command line tool a test drives, such as a PKCS#11 tool.
 */
final class OpenSslPki {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static final String CA_CONFIG = """
            [ ca ]
            default_ca = this_ca

            [ this_ca ]
            dir = %s
            database = $dir/index.txt
            new_certs_dir = $dir/issued
            serial = $dir/serial
            certificate = $dir/ca.pem
            private_key = $dir/ca.key
            default_md = sha256
            default_days = 30
            policy = any_name
            unique_subject = no
            copy_extensions = none

            [ any_name ]
            commonName = supplied
            organizationName = optional

            [ req ]
            distinguished_name = request_name

            [ request_name ]

            [ root_ca ]
            basicConstraints = critical, CA:true
            keyUsage = critical, keyCertSign, cRLSign
            subjectKeyIdentifier = hash

            [ intermediate_ca ]
            basicConstraints = critical, CA:true, pathlen:0
            keyUsage = critical, keyCertSign, cRLSign
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid:always

            [ code_signing ]
            basicConstraints = CA:false
            keyUsage = critical, digitalSignature
            extendedKeyUsage = codeSigning
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid

            [ no_code_signing ]
            basicConstraints = CA:false
            keyUsage = critical, digitalSignature
            subjectKeyIdentifier = hash
            authorityKeyIdentifier = keyid
            """;

    private final Path folder;

    OpenSslPki(Path folder) {
        this.folder = folder;
    }

    /** A CA: its folder holds {@code openssl.cnf}, {@code ca.pem}, {@code ca.key} and the issuing database. */
    record Ca(Path folder, Path config, Path certificate, Path key) {}

    /** A certificate in PEM and its unencrypted private key. */
    record Leaf(Path certificate, Path key) {}

    /** The extension sections of the configuration a leaf can be issued with. */
    enum Profile {
        CODE_SIGNING("code_signing"),
        NO_CODE_SIGNING("no_code_signing");

        private final String section;

        Profile(String section) {
            this.section = section;
        }
    }

    /** The key a leaf gets. */
    enum KeyKind {
        RSA_2048("-newkey", "rsa:2048"),
        EC_P256("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256");

        private final List<String> options;

        KeyKind(String... options) {
            this.options = List.of(options);
        }
    }

    /** Why openssl cannot run here, or empty when it can. */
    static Optional<String> unavailable() {
        try {
            run(Path.of("."), List.of("openssl", "version"));
            return Optional.empty();
        } catch (IOException | AssertionError e) {
            return Optional.of("the openssl command line is not usable here (" + e.getMessage() + ")");
        }
    }

    /** A self-signed root CA made with {@code openssl req -x509}. */
    Ca rootCa(String subject) throws IOException {
        Ca ca = prepareCa(subject);
        openssl(
                List.of("req", "-x509", "-config", ca.config().toString(), "-extensions", "root_ca"),
                KeyKind.RSA_2048.options,
                List.of(
                        "-nodes",
                        "-keyout",
                        ca.key().toString(),
                        "-out",
                        ca.certificate().toString()),
                List.of("-subj", subject, "-days", "365"));
        return ca;
    }

    /** An intermediate CA, issued by the parent with {@code openssl ca}. */
    Ca intermediateCa(Ca parent, String subject) throws IOException {
        Ca ca = prepareCa(subject);
        Path request = ca.folder().resolve("ca.csr");
        request(subject, KeyKind.RSA_2048, ca.config(), ca.key(), request);
        issue(parent, request, "intermediate_ca", ca.certificate(), List.of("-days", "365"));
        return ca;
    }

    /** A leaf with an EC P-256 key, valid for the configured 30 days from now. */
    Leaf leaf(Ca ca, String subject, Profile profile) throws IOException {
        return leaf(ca, subject, profile, KeyKind.EC_P256, List.of());
    }

    Leaf leaf(Ca ca, String subject, Profile profile, KeyKind key) throws IOException {
        return leaf(ca, subject, profile, key, List.of());
    }

    /** A code-signing leaf whose validity ended years ago: 2020-01-01 to 2021-01-01. */
    Leaf expiredLeaf(Ca ca, String subject) throws IOException {
        return leaf(
                ca,
                subject,
                Profile.CODE_SIGNING,
                KeyKind.EC_P256,
                List.of("-startdate", "20200101000000Z", "-enddate", "20210101000000Z"));
    }

    /**
     * Signs a file with {@code openssl cms -sign -binary}, detached, as a release would.
     *
     * @param outform {@code DER} or {@code PEM}
     * @param options further options, for example {@code -certfile chain.pem}, {@code -md sha1} or {@code -noattr}
     */
    Path cmsSign(Path artifact, Leaf signer, String outform, Path signature, String... options) throws IOException {
        return sign("cms", artifact, signer, outform, signature, options);
    }

    /** Signs a file with the older {@code openssl smime -sign -binary}, whose PEM is labelled PKCS7. */
    Path smimeSign(Path artifact, Leaf signer, String outform, Path signature) throws IOException {
        return sign("smime", artifact, signer, outform, signature);
    }

    private Path sign(String tool, Path artifact, Leaf signer, String outform, Path signature, String... options)
            throws IOException {
        openssl(
                List.of(
                        tool,
                        "-sign",
                        "-binary",
                        "-in",
                        artifact.toString(),
                        "-signer",
                        signer.certificate().toString(),
                        "-inkey",
                        signer.key().toString(),
                        "-outform",
                        outform,
                        "-out",
                        signature.toString()),
                List.of(options));
        return signature;
    }

    /** Runs {@code openssl} with the given arguments in this PKI's folder and returns its output. */
    @SafeVarargs
    final String openssl(List<String>... argumentGroups) throws IOException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        for (List<String> group : argumentGroups) {
            command.addAll(group);
        }
        return run(folder, command);
    }

    /**
     * Runs a command in a folder, with stdin closed and stdout and stderr captured together, and returns the output.
     *
     * @throws AssertionError when it exits with another status than 0 or runs longer than {@link #TIMEOUT}, with
     *     the command and its output
     */
    static String run(Path workingFolder, List<String> command) throws IOException {
        Path output = Files.createTempFile("process-", ".log");
        try {
            Process process = new ProcessBuilder(command)
                    .directory(workingFolder.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile())
                    .start();
            process.getOutputStream().close();
            boolean finished = waitFor(process);
            String text = Files.readString(output, StandardCharsets.UTF_8);
            if (!finished) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + TIMEOUT.toSeconds()
                        + " s; its output so far:\n" + text);
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed with exit status " + process.exitValue()
                        + "; its output:\n" + text);
            }
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static boolean waitFor(Process process) throws IOException {
        try {
            return process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IOException(
                    "Interrupted while waiting for " + process.info().command().orElse("a process"), e);
        }
    }

    private Leaf leaf(Ca ca, String subject, Profile profile, KeyKind key, List<String> validity) throws IOException {
        Path leafFolder = Files.createDirectories(folder.resolve("leaves"));
        String base = fileName(subject);
        Path keyFile = leafFolder.resolve(base + ".key");
        Path request = leafFolder.resolve(base + ".csr");
        Path certificate = leafFolder.resolve(base + ".pem");
        request(subject, key, ca.config(), keyFile, request);
        issue(ca, request, profile.section, certificate, validity);
        return new Leaf(certificate, keyFile);
    }

    private void request(String subject, KeyKind key, Path config, Path keyFile, Path request) throws IOException {
        openssl(
                List.of("req", "-new", "-config", config.toString()),
                key.options,
                List.of("-nodes", "-keyout", keyFile.toString(), "-out", request.toString(), "-subj", subject));
    }

    private void issue(Ca issuer, Path request, String extensions, Path certificate, List<String> validity)
            throws IOException {
        openssl(
                List.of(
                        "ca",
                        "-batch",
                        "-notext",
                        "-config",
                        issuer.config().toString(),
                        "-extensions",
                        extensions,
                        "-in",
                        request.toString(),
                        "-out",
                        certificate.toString()),
                validity);
    }

    private Ca prepareCa(String subject) throws IOException {
        Path caFolder = Files.createDirectories(folder.resolve(fileName(subject)));
        Files.createDirectories(caFolder.resolve("issued"));
        Files.writeString(caFolder.resolve("index.txt"), "");
        Files.writeString(caFolder.resolve("serial"), "1000\n");
        Path config =
                Files.writeString(caFolder.resolve("openssl.cnf"), CA_CONFIG.formatted(caFolder.toAbsolutePath()));
        return new Ca(caFolder, config, caFolder.resolve("ca.pem"), caFolder.resolve("ca.key"));
    }

    private static String fileName(String subject) {
        return subject.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "");
    }
}
