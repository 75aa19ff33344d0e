package io.jenkins.plugins.releasegate.core.signature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Drives the real {@code gpg} (GnuPG 2) in a home folder of its own, without passphrases or prompts, to make keys and
 * detached signatures as a release engineer would. {@link #close()} stops the agent it started.
 */
final class GnuPg implements AutoCloseable {

    private final Path home;

    GnuPg(Path home) throws IOException {
        this.home = Files.createDirectories(home);
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
    }

    /** Why gpg cannot run here, or empty when it can. */
    static Optional<String> unavailable() {
        try {
            OpenSslPki.run(Path.of("."), List.of("gpg", "--version"));
            return Optional.empty();
        } catch (IOException | AssertionError e) {
            return Optional.of("the gpg command line is not usable here (" + e.getMessage() + ")");
        }
    }

    /**
     * Makes a primary key with {@code --quick-gen-key} and returns its fingerprint.
     *
     * @param algorithm for example {@code rsa3072} or {@code ed25519}
     * @param usage {@code sign}, {@code cert} or {@code default}
     * @param fakedTime the creation time as gpg's {@code --faked-system-time} takes it, or {@code null} for now
     */
    String generateKey(String userId, String algorithm, String usage, String fakedTime) throws IOException {
        return generateKey(userId, algorithm, usage, "never", fakedTime);
    }

    /** Makes a primary key that expires, {@code expiry} being for example {@code 1y}. */
    String generateKey(String userId, String algorithm, String usage, String expiry, String fakedTime)
            throws IOException {
        gpg(fakedTime, "--quick-gen-key", userId, algorithm, usage, expiry);
        return fingerprint(userId);
    }

    /** Adds a subkey with {@code --quick-add-key}. */
    void addSubkey(String fingerprint, String algorithm, String usage) throws IOException {
        gpg(null, "--quick-add-key", fingerprint, algorithm, usage, "never");
    }

    /** Sets the primary key's expiry with a new self-signature made at {@code fakedTime}. */
    void setExpiry(String fingerprint, String expiry, String fakedTime) throws IOException {
        gpg(fakedTime, "--quick-set-expire", fingerprint, expiry);
    }

    /** Revokes the key with the revocation certificate gpg stored when it made the key. */
    void revoke(String fingerprint) throws IOException {
        Path stored = home.resolve("openpgp-revocs.d").resolve(fingerprint + ".rev");
        // gpg puts a colon before the armor line so that the file cannot be imported by mistake.
        String certificate = Files.readString(stored)
                .replace(":-----BEGIN PGP PUBLIC KEY BLOCK-----", "-----BEGIN PGP PUBLIC KEY BLOCK-----");
        Path armored = Files.writeString(home.resolve(fingerprint + ".rev.asc"), certificate);
        gpg(null, "--import", armored.toString());
    }

    /** Exports public keys, armored or binary, as {@code gpg --export} writes them for others. */
    Path exportPublic(Path file, boolean armor, String... fingerprints) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("--output", file.toString()));
        if (armor) {
            arguments.add("--armor");
        }
        arguments.add("--export");
        arguments.addAll(List.of(fingerprints));
        gpg(null, arguments.toArray(String[]::new));
        return file;
    }

    Path exportSecret(Path file, String fingerprint) throws IOException {
        gpg(null, "--output", file.toString(), "--armor", "--export-secret-keys", fingerprint);
        return file;
    }

    /**
     * Signs a file with {@code --detach-sign}.
     *
     * @param options further options, for example {@code --digest-algo SHA1}, {@code --textmode} or
     *     {@code --faked-system-time 20220101T000000}
     */
    Path detachSign(String fingerprint, Path file, Path signature, boolean armor, String... options)
            throws IOException {
        List<String> arguments = new ArrayList<>(List.of(options));
        arguments.addAll(List.of("--local-user", fingerprint, "--output", signature.toString()));
        if (armor) {
            arguments.add("--armor");
        }
        arguments.addAll(List.of("--detach-sign", file.toString()));
        gpg(null, arguments.toArray(String[]::new));
        return signature;
    }

    /** Runs gpg with the given arguments and returns its output. */
    String gpg(String fakedTime, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                "gpg",
                "--homedir",
                home.toString(),
                "--batch",
                "--no-tty",
                "--yes",
                "--pinentry-mode",
                "loopback",
                "--passphrase",
                ""));
        if (fakedTime != null) {
            command.addAll(List.of("--faked-system-time", fakedTime));
        }
        command.addAll(List.of(arguments));
        return OpenSslPki.run(home, command);
    }

    private String fingerprint(String userId) throws IOException {
        String listing = gpg(null, "--with-colons", "--list-keys", "=" + userId);
        return listing.lines()
                .filter(line -> line.startsWith("fpr:"))
                .map(line -> line.split(":")[9])
                .findFirst()
                .orElseThrow(() -> new AssertionError("gpg lists no key for " + userId + ":\n" + listing));
    }

    @Override
    public void close() throws IOException {
        OpenSslPki.run(home, List.of("gpgconf", "--homedir", home.toString(), "--kill", "all"));
    }
}
