package io.jenkins.plugins.releasegate.core.signature;

import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/** A key pair made with {@code openssl genpkey}, and signing with {@code openssl dgst}. */
record OpenSslKeyPair(Path privateKey, Path publicKey) {

    static OpenSslKeyPair generate(Path folder, String name, String algorithm, String option) throws IOException {
        Path privateKey = folder.resolve(name + ".key");
        Path publicKey = folder.resolve(name + ".pub");
        OpenSslPki.run(
                folder,
                List.of(
                        "openssl",
                        "genpkey",
                        "-algorithm",
                        algorithm,
                        "-pkeyopt",
                        option,
                        "-out",
                        privateKey.toString()));
        OpenSslPki.run(
                folder,
                List.of("openssl", "pkey", "-in", privateKey.toString(), "-pubout", "-out", publicKey.toString()));
        return new OpenSslKeyPair(privateKey, publicKey);
    }

    /** Signs as cosign does: the DER signature over the file's digest, written in base64 to {@code signature}. */
    Path sign(Path file, String digestOption, Path signature) throws IOException {
        return Files.writeString(signature, signBase64(file, digestOption));
    }

    /** The base64 of the DER signature over the file's digest, {@code digestOption} being {@code -sha256} or so. */
    String signBase64(Path file, String digestOption) throws IOException {
        Path der = Files.createTempFile(file.getParent(), "signature", ".der");
        try {
            OpenSslPki.run(
                    file.getParent(),
                    List.of(
                            "openssl",
                            "dgst",
                            digestOption,
                            "-sign",
                            privateKey.toString(),
                            "-out",
                            der.toString(),
                            file.toString()));
            return Base64.getEncoder().encodeToString(Files.readAllBytes(der));
        } finally {
            Files.delete(der);
        }
    }

    /** The SHA-256 of the SubjectPublicKeyInfo DER, as openssl computes it. */
    String spkiSha256() throws IOException {
        Path der = publicKey.resolveSibling(publicKey.getFileName() + ".der");
        OpenSslPki.run(
                publicKey.getParent(),
                List.of(
                        "openssl",
                        "pkey",
                        "-pubin",
                        "-in",
                        publicKey.toString(),
                        "-outform",
                        "DER",
                        "-out",
                        der.toString()));
        return HexFormat.of().formatHex(DigestAlgorithm.SHA_256.newDigest().digest(Files.readAllBytes(der)));
    }
}
