package io.jenkins.plugins.releasegate.core.evidence;

import io.jenkins.plugins.releasegate.core.verdict.Check;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognises an evidence file's format by its content, falling back on its name only where the content does not say:
 * {@code app.jar.sig} may hold a CMS, OpenPGP or raw signature, and each is verified as what it is.
 */
public final class FormatSniffer {

    private static final int HEAD_BYTES = 64 * 1024;
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/=\\s]+");
    private static final Pattern JAR_SIGNATURE_FILE = Pattern.compile("META-INF/[^/]+\\.SF", Pattern.CASE_INSENSITIVE);
    private static final Pattern JAR_BLOCK_FILE =
            Pattern.compile("META-INF/[^/]+\\.(RSA|DSA|EC)", Pattern.CASE_INSENSITIVE);

    private FormatSniffer() {}

    /** The format of an evidence file found for the given check, or empty when it is not one the gate knows. */
    public static Optional<EvidenceFormat> sniff(Check check, Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(HEAD_BYTES);
        }
        String name = file.getFileName().toString();
        return switch (check) {
            case SIGNATURE -> signature(head);
            case SBOM -> sbom(text(head)).or(() -> sbomByName(name));
            case SCAN -> scan(text(head)).or(() -> scanByName(name));
        };
    }

    private static Optional<EvidenceFormat> signature(byte[] head) {
        if (head.length == 0) {
            return Optional.empty();
        }
        int first = head[0] & 0xFF;
        if (first == 0x30) {
            return Optional.of(EvidenceFormat.CMS);
        }
        if (isOpenPgpSignaturePacket(first)) {
            return Optional.of(EvidenceFormat.OPENPGP);
        }
        String text = text(head).strip();
        if (text.startsWith("-----BEGIN PKCS7-----") || text.startsWith("-----BEGIN CMS-----")) {
            return Optional.of(EvidenceFormat.CMS);
        }
        if (text.startsWith("-----BEGIN PGP SIGNATURE-----")) {
            return Optional.of(EvidenceFormat.OPENPGP);
        }
        if (text.startsWith("{") && text.contains("\"mediaType\"")) {
            return Optional.of(EvidenceFormat.SIGSTORE_BUNDLE);
        }
        if (!text.isEmpty() && BASE64.matcher(text).matches()) {
            return Optional.of(EvidenceFormat.RAW_SIGNATURE);
        }
        return Optional.empty();
    }

    /** An OpenPGP packet header for tag 2 (signature), in the old or the new packet format. */
    private static boolean isOpenPgpSignaturePacket(int first) {
        if ((first & 0x80) == 0) {
            return false;
        }
        boolean newFormat = (first & 0x40) != 0;
        int tag = newFormat ? first & 0x3F : (first >> 2) & 0x0F;
        return tag == 2;
    }

    private static Optional<EvidenceFormat> sbom(String text) {
        String start = text.stripLeading();
        if (start.startsWith("{")) {
            if (text.contains("\"bomFormat\"")) {
                return Optional.of(EvidenceFormat.CYCLONEDX);
            }
            if (text.contains("\"spdxVersion\"")) {
                return Optional.of(EvidenceFormat.SPDX);
            }
        }
        if (start.startsWith("<") && text.contains("cyclonedx.org/schema/bom")) {
            return Optional.of(EvidenceFormat.CYCLONEDX);
        }
        return Optional.empty();
    }

    private static Optional<EvidenceFormat> sbomByName(String name) {
        if (name.endsWith(".cdx.json") || name.endsWith(".cdx.xml") || name.endsWith(".bom.json")) {
            return Optional.of(EvidenceFormat.CYCLONEDX);
        }
        return name.endsWith(".spdx.json") ? Optional.of(EvidenceFormat.SPDX) : Optional.empty();
    }

    private static Optional<EvidenceFormat> scan(String text) {
        if (!text.stripLeading().startsWith("{")) {
            return Optional.empty();
        }
        if (text.contains("sarif") && text.contains("\"runs\"")
                || text.contains("\"$schema\"") && text.contains("sarif")) {
            return Optional.of(EvidenceFormat.SARIF);
        }
        if (text.contains("\"SchemaVersion\"") && (text.contains("\"ArtifactName\"") || text.contains("\"Results\""))) {
            return Optional.of(EvidenceFormat.TRIVY);
        }
        if (text.contains("\"matches\"") && (text.contains("\"descriptor\"") || text.contains("\"source\""))) {
            return Optional.of(EvidenceFormat.GRYPE);
        }
        if (text.contains("\"scanInfo\"") && text.contains("\"dependencies\"")) {
            return Optional.of(EvidenceFormat.DEPENDENCY_CHECK);
        }
        if (text.contains("\"runs\"") && text.contains("\"version\"")) {
            return Optional.of(EvidenceFormat.SARIF);
        }
        return Optional.empty();
    }

    private static Optional<EvidenceFormat> scanByName(String name) {
        if (name.endsWith(".sarif") || name.endsWith(".sarif.json")) {
            return Optional.of(EvidenceFormat.SARIF);
        }
        if (name.endsWith(".trivy.json")) {
            return Optional.of(EvidenceFormat.TRIVY);
        }
        if (name.endsWith(".grype.json")) {
            return Optional.of(EvidenceFormat.GRYPE);
        }
        return name.endsWith(".dependency-check.json")
                ? Optional.of(EvidenceFormat.DEPENDENCY_CHECK)
                : Optional.empty();
    }

    private static String text(byte[] head) {
        return new String(head, StandardCharsets.UTF_8);
    }

    /**
     * Whether a file is a signed JAR: a ZIP whose directory lists a signature file and a signature block under
     * {@code META-INF/}. Only the ZIP's central directory is read.
     */
    public static boolean isSignedJar(Path file) {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(file.toFile())) {
            boolean signatureFile = false;
            boolean blockFile = false;
            for (var entries = zip.entries(); entries.hasMoreElements(); ) {
                String name = entries.nextElement().getName();
                signatureFile |= JAR_SIGNATURE_FILE.matcher(name).matches();
                blockFile |= JAR_BLOCK_FILE.matcher(name).matches();
            }
            return signatureFile && blockFile;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
