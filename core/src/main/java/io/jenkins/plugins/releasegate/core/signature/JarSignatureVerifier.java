package io.jenkins.plugins.releasegate.core.signature;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactDigests;
import io.jenkins.plugins.releasegate.core.artifact.ArtifactHasher;
import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import io.jenkins.plugins.releasegate.core.evidence.ArtifactContext;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceRejection;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceVerifier;
import io.jenkins.plugins.releasegate.core.evidence.FormatSniffer;
import io.jenkins.plugins.releasegate.core.evidence.PendingCheck;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.security.CodeSigner;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;

/**
 * Verifies a signed JAR, which is its own signature evidence, as strictly as {@code jarsigner -verify -strict}: every
 * entry other than the signature files themselves must be signed, all by one and the same signers; every entry must
 * match the digest the signature states; no entry the manifest names may be missing; and every signer's certificate
 * must chain to the policy's {@link CertificateTrust}, carry a strong key and, when the policy asks, the code-signing
 * extended key usage.
 *
 * <p>The JDK does the cryptography ({@link JarFile} with verification on, every entry read to its end). That needs
 * the whole archive with random access, so unlike the other verifiers this one reads the artifact itself, in
 * {@link #read}, a second time next to the gate's hashing read; it also takes the archive's SHA-256 there, and
 * {@code complete} fails the check when the gate's digest differs, that is when the file changed in between.
 * Certificates must be valid at the clock's instant: a signature timestamp is reported but not relied on, since its
 * authority is not among the trust anchors. Revocation is not checked. One instance serves any number of threads.
 */
public final class JarSignatureVerifier implements EvidenceVerifier {

    static final String SIGNER = "signer";
    static final String CERTIFICATE_SHA256 = "certificateSha256";
    static final String TRUST_ANCHOR = "trustAnchor";
    static final String SIGNED_ENTRIES = "signedEntries";
    static final String SIGNERS = "signers";
    static final String TIMESTAMP = "timestamp";

    private static final Pattern SIG_FILE = Pattern.compile("SIG-[^/.]*(\\.[A-Z0-9]{1,3})?");
    private static final int BUFFER_SIZE = 64 * 1024;

    private final CertificateTrust trust;
    private final boolean codeSigning;
    private final Clock clock;

    /**
     * @param codeSigning whether signer certificates must carry the code-signing extended key usage
     *     ({@code signature.codeSigning})
     */
    public JarSignatureVerifier(CertificateTrust trust, boolean codeSigning, Clock clock) {
        this.trust = Objects.requireNonNull(trust, "trust");
        this.codeSigning = codeSigning;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Whether a file is a ZIP archive with a JAR signature in it: a {@code META-INF/*.SF} signature file and a
     * {@code .RSA}, {@code .DSA} or {@code .EC} block file. Reads only the archive's central directory, and says
     * {@code false} for anything that is no readable ZIP.
     */
    public static boolean isSignedJar(Path file) {
        return FormatSniffer.isSignedJar(file);
    }

    @Override
    public Check check() {
        return Check.SIGNATURE;
    }

    /** Verifies the JAR at {@code evidence}, which is the artifact itself, and returns the decision to complete. */
    @Override
    public PendingCheck read(EvidenceFile evidence, ArtifactContext artifact) {
        String name = evidence.displayPath();
        try {
            if (trust.isEmpty()) {
                throw new EvidenceRejection(
                        Code.SIGNATURE_NO_TRUST_ANCHORS,
                        name + " is a signed JAR, but the policy trusts no certificate (" + CertificateTrust.POLICY_KEY
                                + " is empty), so the signature check fails.");
            }
            byte[] sha256 = sha256(evidence.path(), name);
            CheckResult verdict = verify(evidence.path(), name);
            return new VerifiedJar(sha256, verdict, name);
        } catch (EvidenceRejection e) {
            return PendingCheck.decided(CheckResult.fail(Check.SIGNATURE, e.code(), name, e.detail()));
        } catch (RuntimeException e) {
            return PendingCheck.decided(CmsSignatureVerifier.internalError(evidence, e));
        }
    }

    private CheckResult verify(Path file, String name) throws EvidenceRejection {
        Map<String, List<CodeSigner>> signersByEntry = new LinkedHashMap<>();
        Set<String> entryNames = new LinkedHashSet<>();
        Manifest manifest;
        try (JarFile jar = new JarFile(file.toFile(), true)) {
            manifest = jar.getManifest();
            byte[] buffer = new byte[BUFFER_SIZE];
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                entryNames.add(entry.getName());
                if (entry.isDirectory() || isSignatureRelated(entry.getName())) {
                    continue;
                }
                readToEnd(jar, entry, buffer);
                CodeSigner[] signers = entry.getCodeSigners();
                signersByEntry.put(entry.getName(), signers == null ? List.of() : List.of(signers));
            }
        } catch (SecurityException e) {
            throw verificationFailure(name, e);
        } catch (IOException e) {
            throw new EvidenceRejection(
                    Code.SIGNATURE_MALFORMED,
                    name + " is not a readable JAR (" + e.getMessage() + "), so the signature check fails.");
        }

        List<CodeSigner> signers = requireOneSetOfSigners(signersByEntry, name);
        requireNothingRemoved(manifest, entryNames, name);
        Map<String, String> facts = new LinkedHashMap<>();
        for (CodeSigner signer : signers) {
            Map<String, String> signerFacts = requireTrustedSigner(signer, name);
            if (facts.isEmpty()) {
                facts.putAll(signerFacts);
            }
        }
        facts.put(SIGNED_ENTRIES, Integer.toString(signersByEntry.size()));
        String signedBy = "by " + facts.get(SIGNER);
        if (signers.size() > 1) {
            facts.put(SIGNERS, Integer.toString(signers.size()));
            signedBy = "by " + signers.size() + " signers, the first " + facts.get(SIGNER) + ",";
        }
        String trustedThrough = TrustedChain.PINNED.equals(facts.get(TRUST_ANCHOR))
                ? "a pinned signer certificate"
                : "trusted through " + facts.get(TRUST_ANCHOR);
        return CheckResult.pass(
                Check.SIGNATURE,
                Code.SIGNATURE_VALID,
                name,
                name + " is a validly signed JAR: all " + signersByEntry.size() + " entries are signed " + signedBy
                        + " " + trustedThrough + ".",
                facts);
    }

    private static void readToEnd(JarFile jar, JarEntry entry, byte[] buffer) throws IOException {
        // Reading to the end is what makes JarFile compare the entry with its digest and fill in its signers.
        try (InputStream in = jar.getInputStream(entry)) {
            while (in.read(buffer) != -1) {
                // The bytes themselves are not needed.
            }
        }
    }

    private static EvidenceRejection verificationFailure(String name, SecurityException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (reason.contains("digest error") || reason.contains("Invalid signature file digest")) {
            return new EvidenceRejection(
                    Code.SIGNATURE_CONTENT_MISMATCH,
                    name + " was changed after it was signed (" + reason + "), so the signature check fails.");
        }
        return new EvidenceRejection(
                Code.SIGNATURE_INVALID,
                name + " has a JAR signature that does not verify (" + reason + "), so the signature check fails.");
    }

    /** Every entry signed, and all by the same signers; returns those signers. */
    private static List<CodeSigner> requireOneSetOfSigners(Map<String, List<CodeSigner>> signersByEntry, String name)
            throws EvidenceRejection {
        List<String> unsigned = signersByEntry.entrySet().stream()
                .filter(entry -> entry.getValue().isEmpty())
                .map(Map.Entry::getKey)
                .toList();
        if (!unsigned.isEmpty() && unsigned.size() == signersByEntry.size()) {
            throw new EvidenceRejection(
                    Code.SIGNATURE_INVALID,
                    name + " carries signature files, but none of its entries verifies as signed (not signed at all,"
                            + " or signed with an algorithm this Java runtime disables, such as SHA-1), so the"
                            + " signature check fails.");
        }
        if (!unsigned.isEmpty()) {
            throw new EvidenceRejection(
                    Code.SIGNATURE_CONTENT_MISMATCH,
                    name + " contains " + unsigned.size() + " entries that its signature does not cover, first "
                            + unsigned.get(0) + " (added after signing, or never signed), so the signature check"
                            + " fails.");
        }
        if (signersByEntry.isEmpty()) {
            throw new EvidenceRejection(
                    Code.SIGNATURE_INVALID,
                    name + " carries signature files but no entry to sign, so the signature check fails.");
        }

        Map.Entry<String, List<CodeSigner>> first =
                signersByEntry.entrySet().iterator().next();
        Set<CodeSigner> expected = Set.copyOf(first.getValue());
        for (Map.Entry<String, List<CodeSigner>> entry : signersByEntry.entrySet()) {
            if (!Set.copyOf(entry.getValue()).equals(expected)) {
                throw new EvidenceRejection(
                        Code.SIGNATURE_INVALID,
                        name + " is not signed as a whole: " + entry.getKey() + " is signed by "
                                + describe(entry.getValue()) + ", but " + first.getKey() + " by "
                                + describe(first.getValue()) + "; the gate requires the same signers on every entry,"
                                + " so the signature check fails.");
            }
        }
        return first.getValue();
    }

    /** Every entry the manifest lists must still be in the archive. */
    private static void requireNothingRemoved(Manifest manifest, Set<String> entryNames, String name)
            throws EvidenceRejection {
        if (manifest == null) {
            return;
        }
        List<String> removed = manifest.getEntries().keySet().stream()
                .filter(listed -> !entryNames.contains(listed))
                .sorted()
                .toList();
        if (!removed.isEmpty()) {
            throw new EvidenceRejection(
                    Code.SIGNATURE_CONTENT_MISMATCH,
                    name + " lacks " + removed.size() + " entries that its signed manifest lists, first "
                            + removed.get(0) + " (removed after signing), so the signature check fails.");
        }
    }

    private Map<String, String> requireTrustedSigner(CodeSigner signer, String name) throws EvidenceRejection {
        List<X509Certificate> path = signer.getSignerCertPath().getCertificates().stream()
                .filter(X509Certificate.class::isInstance)
                .map(X509Certificate.class::cast)
                .toList();
        if (path.isEmpty()) {
            throw new EvidenceRejection(
                    Code.SIGNATURE_MALFORMED,
                    name + " has a JAR signature without an X.509 signer certificate, so the signature check fails.");
        }
        X509Certificate certificate = path.get(0);
        String subject = CertificateTrust.subject(certificate);
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put(SIGNER, subject);
        facts.put(CERTIFICATE_SHA256, sha256Hex(certificate));
        if (signer.getTimestamp() != null) {
            facts.put(
                    TIMESTAMP, signer.getTimestamp().getTimestamp().toInstant().toString());
        }

        Optional<String> weakKey = AlgorithmStrength.keyWeakness(certificate.getPublicKey());
        if (weakKey.isPresent()) {
            throw new EvidenceRejection(
                    Code.SIGNATURE_WEAK_ALGORITHM,
                    name + " is signed by " + subject + " with " + weakKey.get() + ", so the signature check fails.");
        }

        Instant now = clock.instant();
        TrustedChain chain;
        try {
            chain = trust.validate(certificate, path.subList(1, path.size()), now);
        } catch (CertificateTrustException e) {
            String timeSource = e.code() == Code.SIGNATURE_CERTIFICATE_NOT_VALID ? " (the gate's clock)" : "";
            throw new EvidenceRejection(
                    e.code(),
                    name + " is signed by " + subject + ", but " + e.getMessage() + timeSource
                            + ", so the signature check fails.");
        }
        facts.put(TRUST_ANCHOR, chain.anchorName());
        requireStrongChain(chain, subject, name);

        Optional<SignerCertificateUsage.Refusal> refusal = SignerCertificateUsage.refusal(certificate, codeSigning);
        if (refusal.isPresent()) {
            throw new EvidenceRejection(
                    refusal.get().code(),
                    name + " is signed by " + subject + ", " + refusal.get().reason() + ", so the signature check"
                            + " fails.");
        }
        return facts;
    }

    private static void requireStrongChain(TrustedChain chain, String subject, String name) throws EvidenceRejection {
        if (chain.isPinned()) {
            // A pinned certificate is trusted as its exact bytes; how its issuer signed it proves nothing either way.
            return;
        }
        List<X509Certificate> issued = chain.path();
        for (X509Certificate certificate : issued) {
            if (AlgorithmStrength.isWeakSignatureAlgorithm(certificate.getSigAlgName())) {
                throw new EvidenceRejection(
                        Code.SIGNATURE_WEAK_ALGORITHM,
                        name + " is signed by " + subject + ", but the certificate "
                                + CertificateTrust.subject(certificate) + " in its chain is signed with "
                                + certificate.getSigAlgName() + ", so the signature check fails.");
            }
        }
        List<X509Certificate> issuers = new ArrayList<>(issued.subList(1, issued.size()));
        issuers.add(chain.anchor());
        for (X509Certificate issuer : issuers) {
            Optional<String> weakKey = AlgorithmStrength.keyWeakness(issuer.getPublicKey());
            if (weakKey.isPresent()) {
                throw new EvidenceRejection(
                        Code.SIGNATURE_WEAK_ALGORITHM,
                        name + " is signed by " + subject + ", but the certificate " + CertificateTrust.subject(issuer)
                                + " in its chain has " + weakKey.get() + ", so the signature check fails.");
            }
        }
    }

    /** Whether jarsigner counts an entry as part of the signature itself rather than as signed content. */
    static boolean isSignatureRelated(String entryName) {
        String upper = entryName.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("META-INF/")) {
            return false;
        }
        String file = upper.substring("META-INF/".length());
        if (file.contains("/")) {
            return false;
        }
        return file.equals("MANIFEST.MF")
                || file.endsWith(".SF")
                || file.endsWith(".RSA")
                || file.endsWith(".DSA")
                || file.endsWith(".EC")
                || SIG_FILE.matcher(file).matches();
    }

    private static byte[] sha256(Path file, String name) throws EvidenceRejection {
        try {
            return ArtifactHasher.digest(file, Set.of())
                    .get(DigestAlgorithm.SHA_256)
                    .orElseThrow();
        } catch (IOException e) {
            throw new EvidenceRejection(
                    Code.ARTIFACT_UNREADABLE,
                    name + " could not be read (" + e.getMessage() + "), so the signature check fails.");
        }
    }

    private static String describe(List<CodeSigner> signers) {
        if (signers.isEmpty()) {
            return "nobody";
        }
        List<String> subjects = new ArrayList<>();
        for (CodeSigner signer : signers) {
            signer.getSignerCertPath().getCertificates().stream()
                    .findFirst()
                    .filter(X509Certificate.class::isInstance)
                    .map(certificate -> CertificateTrust.subject((X509Certificate) certificate))
                    .ifPresent(subjects::add);
        }
        return String.join(" and ", subjects);
    }

    private static String sha256Hex(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(DigestAlgorithm.SHA_256.newDigest().digest(certificate.getEncoded()));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("A parsed certificate could not be encoded again", e);
        }
    }

    /** The verdict reached while reading, which holds only if the gate hashed the very bytes that were verified. */
    private static final class VerifiedJar implements PendingCheck {

        private final byte[] sha256;
        private final CheckResult verdict;
        private final String name;

        VerifiedJar(byte[] sha256, CheckResult verdict, String name) {
            this.sha256 = sha256;
            this.verdict = verdict;
            this.name = name;
        }

        @Override
        public Set<DigestAlgorithm> digestsNeeded() {
            return Set.of(DigestAlgorithm.SHA_256);
        }

        @Override
        public CheckResult complete(ArtifactDigests digests) {
            String verified = HexFormat.of().formatHex(sha256);
            if (!verified.equals(digests.sha256())) {
                return CheckResult.fail(
                        Check.SIGNATURE,
                        Code.SIGNATURE_CONTENT_MISMATCH,
                        name,
                        name + " changed while it was being checked: its signature was verified on SHA-256 "
                                + verified + ", but the gate read " + digests.sha256()
                                + ", so the signature check fails.");
            }
            return verdict;
        }
    }
}
