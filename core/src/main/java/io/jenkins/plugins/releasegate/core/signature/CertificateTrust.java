package io.jenkins.plugins.releasegate.core.signature;

import io.jenkins.plugins.releasegate.core.policy.InvalidPolicyException;
import io.jenkins.plugins.releasegate.core.policy.PolicyProblem;
import io.jenkins.plugins.releasegate.core.policy.TrustSources;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * The certificates a policy trusts for signatures, from {@code signature.trust.certificates}. A certificate whose
 * basicConstraints say CA=true is a trust anchor that signer certificates chain to; any other certificate is a pinned
 * signer, trusted only as exactly that certificate. Immutable, so one instance serves every thread of a gate run.
 */
public final class CertificateTrust {

    /** The policy key that names the certificate files; problems with those files are reported under it. */
    public static final String POLICY_KEY = "signature.trust.certificates";

    private static final long MAX_FILE_BYTES = 1L << 20;
    private static final int MAX_CHAIN_LENGTH = 8;
    private static final Set<String> CERTIFICATE_PEM_TYPES = Set.of("CERTIFICATE", "X509 CERTIFICATE");

    private final List<X509Certificate> caCertificates;
    private final List<X509Certificate> pinnedSigners;
    private final Set<TrustAnchor> anchors;

    private CertificateTrust(List<X509Certificate> caCertificates, List<X509Certificate> pinnedSigners) {
        this.caCertificates = List.copyOf(caCertificates);
        this.pinnedSigners = List.copyOf(pinnedSigners);
        this.anchors = caCertificates.stream()
                .map(certificate -> new TrustAnchor(certificate, null))
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Reads every certificate file the policy names; see {@link #load(TrustSources, String)}. */
    public static CertificateTrust load(TrustSources sources) throws InvalidPolicyException {
        return load(sources, "the policy");
    }

    /**
     * Reads every certificate file the policy names: PEM with one or more certificates, or one DER certificate.
     *
     * @param policySource the policy file or page, as the exception names it
     * @throws InvalidPolicyException naming every file that is missing, unreadable or not a certificate file
     */
    public static CertificateTrust load(TrustSources sources, String policySource) throws InvalidPolicyException {
        List<X509Certificate> certificates = new ArrayList<>();
        List<PolicyProblem> problems = new ArrayList<>();
        for (io.jenkins.plugins.releasegate.core.policy.TrustAnchor file : sources.certificates()) {
            certificates.addAll(readFile(file, problems));
        }

        if (!problems.isEmpty()) {
            throw new InvalidPolicyException(policySource, problems);
        }
        return of(certificates);
    }

    /** Sorts certificates into CA trust anchors and pinned signers, dropping duplicates. */
    public static CertificateTrust of(List<X509Certificate> certificates) {
        List<X509Certificate> cas = new ArrayList<>();
        List<X509Certificate> pinned = new ArrayList<>();
        for (X509Certificate certificate : new LinkedHashSet<>(certificates)) {
            if (certificate.getBasicConstraints() >= 0) {
                cas.add(certificate);
            } else {
                pinned.add(certificate);
            }
        }
        return new CertificateTrust(cas, pinned);
    }

    /** Whether nothing is trusted at all, so that every certificate signature must fail. */
    public boolean isEmpty() {
        return caCertificates.isEmpty() && pinnedSigners.isEmpty();
    }

    public List<X509Certificate> caCertificates() {
        return caCertificates;
    }

    public List<X509Certificate> pinnedSigners() {
        return pinnedSigners;
    }

    /**
     * Decides whether a signer certificate is trusted at the given time: it is pinned, or a PKIX path (revocation
     * checking off) leads from it through the given intermediates to a CA anchor. Every certificate on the way, the
     * anchor included, must be valid at that time.
     *
     * @param intermediates certificates that may complete the chain, typically those the signature carries; they
     *     are never trusted by themselves
     * @throws CertificateTrustException saying why not, with {@link Code#SIGNATURE_CERTIFICATE_NOT_VALID} when only
     *     validity dates stand in the way and {@link Code#SIGNATURE_UNTRUSTED} otherwise
     */
    public TrustedChain validate(X509Certificate signer, Collection<X509Certificate> intermediates, Instant at)
            throws CertificateTrustException {
        if (pinnedSigners.contains(signer)) {
            requireValid(signer, at);
            return TrustedChain.pinned(signer);
        }
        if (anchors.isEmpty()) {
            throw new CertificateTrustException(
                    Code.SIGNATURE_UNTRUSTED, "it is not pinned in " + POLICY_KEY + ", which names no CA either");
        }

        PKIXCertPathBuilderResult built;
        try {
            built = buildPath(signer, intermediates, at);
        } catch (CertPathBuilderException e) {
            throw explainFailure(signer, intermediates, at, e);
        }

        // PKIX never checks the anchor's own dates; an expired root should not vouch for anything.
        X509Certificate anchor = built.getTrustAnchor().getTrustedCert();
        requireValid(anchor, at);
        List<X509Certificate> path = built.getCertPath().getCertificates().stream()
                .map(X509Certificate.class::cast)
                .toList();
        return new TrustedChain(path, anchor);
    }

    private PKIXCertPathBuilderResult buildPath(
            X509Certificate signer, Collection<X509Certificate> intermediates, Instant at)
            throws CertPathBuilderException {
        List<X509Certificate> candidates = new ArrayList<>(intermediates);
        candidates.add(signer);
        X509CertSelector target = new X509CertSelector();
        target.setCertificate(signer);
        try {
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(candidates)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            return (PKIXCertPathBuilderResult)
                    CertPathBuilder.getInstance("PKIX").build(parameters);
        } catch (CertPathBuilderException e) {
            throw e;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The Java runtime cannot build PKIX paths: " + e.getMessage(), e);
        }
    }

    /**
     * PKIX says only that no path was found. Walking issuer names and signatures ourselves tells an expired
     * certificate on an otherwise good chain apart from a signer that no anchor vouches for.
     */
    private CertificateTrustException explainFailure(
            X509Certificate signer, Collection<X509Certificate> intermediates, Instant at, Exception pkixFailure) {
        List<X509Certificate> chain = walkToAnchor(signer, intermediates);
        if (chain.isEmpty()) {
            return new CertificateTrustException(
                    Code.SIGNATURE_UNTRUSTED,
                    "its issuer " + name(signer.getIssuerX500Principal()) + " leads to no CA in " + POLICY_KEY
                            + ", and it is not pinned there");
        }
        for (X509Certificate certificate : chain) {
            Optional<CertificateTrustException> invalid = notValidAt(certificate, at);
            if (invalid.isPresent()) {
                return invalid.get();
            }
        }
        return new CertificateTrustException(
                Code.SIGNATURE_UNTRUSTED,
                "its chain to " + subject(chain.get(chain.size() - 1)) + " is not accepted (" + pkixFailure.getMessage()
                        + ")");
    }

    /** The signer, the intermediates and the anchor certificate, or empty when no anchor is reached. */
    private List<X509Certificate> walkToAnchor(X509Certificate signer, Collection<X509Certificate> intermediates) {
        List<X509Certificate> chain = new ArrayList<>(List.of(signer));
        X509Certificate current = signer;
        while (chain.size() <= MAX_CHAIN_LENGTH) {
            Optional<X509Certificate> anchor = issuerAmong(current, caCertificates);
            if (anchor.isPresent()) {
                chain.add(anchor.get());
                return chain;
            }
            Optional<X509Certificate> next =
                    issuerAmong(current, intermediates).filter(found -> !chain.contains(found));
            if (next.isEmpty()) {
                return List.of();
            }
            chain.add(next.get());
            current = next.get();
        }
        return List.of();
    }

    private static Optional<X509Certificate> issuerAmong(X509Certificate child, Collection<X509Certificate> pool) {
        return pool.stream()
                .filter(candidate -> candidate.getSubjectX500Principal().equals(child.getIssuerX500Principal()))
                .filter(candidate -> isSignedBy(child, candidate))
                .findFirst();
    }

    private static boolean isSignedBy(X509Certificate child, X509Certificate issuer) {
        try {
            child.verify(issuer.getPublicKey());
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static void requireValid(X509Certificate certificate, Instant at) throws CertificateTrustException {
        Optional<CertificateTrustException> invalid = notValidAt(certificate, at);
        if (invalid.isPresent()) {
            throw invalid.get();
        }
    }

    private static Optional<CertificateTrustException> notValidAt(X509Certificate certificate, Instant at) {
        Instant notBefore = certificate.getNotBefore().toInstant();
        Instant notAfter = certificate.getNotAfter().toInstant();
        if (at.isBefore(notBefore) || at.isAfter(notAfter)) {
            return Optional.of(new CertificateTrustException(
                    Code.SIGNATURE_CERTIFICATE_NOT_VALID,
                    "the certificate " + subject(certificate) + " is valid from " + notBefore + " to " + notAfter
                            + ", not at " + at));
        }
        return Optional.empty();
    }

    static String subject(X509Certificate certificate) {
        return name(certificate.getSubjectX500Principal());
    }

    private static String name(X500Principal principal) {
        return principal.getName(X500Principal.RFC2253);
    }

    private static List<X509Certificate> readFile(
            io.jenkins.plugins.releasegate.core.policy.TrustAnchor file, List<PolicyProblem> problems) {
        try {
            List<X509Certificate> certificates = parse(file.read(MAX_FILE_BYTES));
            if (certificates.isEmpty()) {
                problems.add(
                        problem(file.name() + " holds no certificate, so no signature can be trusted through it."));
            }
            return certificates;
        } catch (NoSuchFileException e) {
            problems.add(problem(file.name() + " does not exist, so no signature can be trusted through it."));
        } catch (IOException e) {
            problems.add(problem(file.name() + " could not be read (" + e.getMessage()
                    + "), so no signature can be trusted" + " through it."));
        } catch (CertificateException e) {
            problems.add(problem(file.name() + " is not a certificate file: " + e.getMessage()
                    + ", so no signature can be trusted through it."));
        }
        return List.of();
    }

    private static PolicyProblem problem(String message) {
        return new PolicyProblem(POLICY_KEY, 0, message);
    }

    private static List<X509Certificate> parse(byte[] bytes) throws CertificateException {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (text.contains("-----BEGIN ")) {
            return parsePem(text);
        }
        if (bytes.length == 0) {
            return List.of();
        }
        X509Certificate certificate = parseDer(bytes);
        if (certificate.getEncoded().length != bytes.length) {
            throw new CertificateException("it has bytes after its DER certificate");
        }
        return List.of(certificate);
    }

    private static List<X509Certificate> parsePem(String text) throws CertificateException {
        List<X509Certificate> certificates = new ArrayList<>();
        try (PemReader reader = new PemReader(new StringReader(text))) {
            for (PemObject block = reader.readPemObject(); block != null; block = reader.readPemObject()) {
                if (!CERTIFICATE_PEM_TYPES.contains(block.getType())) {
                    throw new CertificateException(
                            "it holds a " + block.getType() + " block, but only CERTIFICATE blocks belong there");
                }
                certificates.add(parseDer(block.getContent()));
            }
        } catch (IOException | RuntimeException e) {
            throw new CertificateException("its PEM text is broken (" + e.getMessage() + ")", e);
        }
        return certificates;
    }

    private static X509Certificate parseDer(byte[] der) throws CertificateException {
        try {
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new CertificateException("it holds no readable X.509 certificate (" + e.getMessage() + ")", e);
        }
    }
}
