package io.jenkins.plugins.releasegate.core.signature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Makes JARs and signs them with the JDK's real {@code keytool} and {@code jarsigner}, with keys made by keytool or
 * certificates issued by {@link OpenSslPki} and put into a PKCS#12 key store; and rewrites signed JARs entry by entry,
 * as someone tampering with a release would.
 */
final class JarSigning {

    static final String STORE_PASSWORD = "changeit";

    private final Path folder;

    JarSigning(Path folder) {
        this.folder = folder;
    }

    /** A PKCS#12 key store and the alias of its one key. */
    record KeyStore(Path file, String alias) {}

    /** Writes a JAR with a manifest and the given entries; names ending in {@code /} become directories. */
    static Path writeJar(Path jar, Map<String, byte[]> entries) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Created-By", "Release Gate tests");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        return jar;
    }

    /** A self-signed code-signing EC key made by {@code keytool -genkeypair}; its certificate goes to {@code pem}. */
    KeyStore selfSigned(String name, String distinguishedName, Path pem) throws IOException {
        Path store = folder.resolve(name + ".p12");
        run(
                tool("keytool"),
                "-genkeypair",
                "-keystore",
                store.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD,
                "-alias",
                name,
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                distinguishedName,
                "-validity",
                "30",
                "-ext",
                "KeyUsage=digitalSignature",
                "-ext",
                "ExtendedKeyUsage=codeSigning");
        run(
                tool("keytool"),
                "-exportcert",
                "-rfc",
                "-keystore",
                store.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD,
                "-alias",
                name,
                "-file",
                pem.toString());
        return new KeyStore(store, name);
    }

    /** A PKCS#12 key store with a leaf from {@link OpenSslPki} and its issuing chain. */
    KeyStore fromLeaf(String name, OpenSslPki.Leaf leaf, Path chain) throws IOException {
        Path store = folder.resolve(name + ".p12");
        run(
                "openssl",
                "pkcs12",
                "-export",
                "-inkey",
                leaf.key().toString(),
                "-in",
                leaf.certificate().toString(),
                "-certfile",
                chain.toString(),
                "-name",
                name,
                "-passout",
                "pass:" + STORE_PASSWORD,
                "-out",
                store.toString());
        return new KeyStore(store, name);
    }

    /** Signs the JAR in place with {@code jarsigner}. */
    Path sign(Path jar, KeyStore key) throws IOException {
        run(
                tool("jarsigner"),
                "-keystore",
                key.file().toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                STORE_PASSWORD,
                jar.toString(),
                key.alias());
        return jar;
    }

    /**
     * Copies a JAR entry by entry, letting {@code change} replace an entry's bytes (return {@code null} to drop the
     * entry), then appends {@code added}.
     */
    static Path rewrite(Path from, Path to, Map<String, UnaryOperator<byte[]>> changes, Map<String, byte[]> added)
            throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(from));
                ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(to))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                byte[] content = in.readAllBytes();
                UnaryOperator<byte[]> change = changes.get(entry.getName());
                byte[] changed = change == null ? content : change.apply(content);
                if (changed != null) {
                    out.putNextEntry(new ZipEntry(entry.getName()));
                    out.write(changed);
                    out.closeEntry();
                }
            }
            for (Map.Entry<String, byte[]> entry : added.entrySet()) {
                out.putNextEntry(new ZipEntry(entry.getKey()));
                out.write(entry.getValue());
                out.closeEntry();
            }
        }
        return to;
    }

    private static String tool(String name) {
        Path inThisJdk = Path.of(System.getProperty("java.home"), "bin", name);
        return Files.isExecutable(inThisJdk) ? inThisJdk.toString() : name;
    }

    private void run(String... command) throws IOException {
        OpenSslPki.run(folder, new ArrayList<>(List.of(command)));
    }
}
