package io.jenkins.plugins.releasegate.core.signature;

import io.jenkins.plugins.releasegate.core.policy.InvalidPolicyException;
import io.jenkins.plugins.releasegate.core.policy.PolicyProblem;
import io.jenkins.plugins.releasegate.core.policy.TrustAnchor;
import io.jenkins.plugins.releasegate.core.policy.TrustSources;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.bcpg.PublicKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.api.OpenPGPCertificate;
import org.bouncycastle.openpgp.api.OpenPGPDefaultPolicy;
import org.bouncycastle.openpgp.api.OpenPGPImplementation;
import org.bouncycastle.openpgp.api.OpenPGPKeyReader;
import org.bouncycastle.openpgp.api.OpenPGPPolicy;
import org.bouncycastle.openpgp.api.bc.BcOpenPGPImplementation;

/**
 * The OpenPGP public keys a policy trusts, from {@code signature.trust.openpgpKeys}: armored or binary files as
 * {@code gpg --export} writes them, each with one or more certificates (a primary key with its subkeys, user IDs and
 * self-signatures). Copies of one certificate in several files are merged, so that a revocation in one is never
 * hidden by an older copy in another. A file with a secret key is refused.
 *
 * <p>Bouncy Castle's certificate objects verify their binding signatures lazily and keep the verifier state in the
 * signature objects, so every use of a certificate goes through {@link #withCertificate}, which serialises the uses of
 * one certificate; different certificates are used in parallel.
 */
public final class OpenPgpKeyRing {

    /** The policy key that names the OpenPGP key files; problems with those files are reported under it. */
    public static final String POLICY_KEY = "signature.trust.openpgpKeys";

    private static final long MAX_FILE_BYTES = 4L << 20;

    private final OpenPGPImplementation implementation;
    private final OpenPGPPolicy policy;
    private final List<OpenPGPCertificate> certificates;

    private OpenPgpKeyRing(
            OpenPGPImplementation implementation, OpenPGPPolicy policy, List<OpenPGPCertificate> certificates) {
        this.implementation = implementation;
        this.policy = policy;
        this.certificates = List.copyOf(certificates);
    }

    /** Reads every OpenPGP key file the policy names; see {@link #load(List, String)}. */
    public static OpenPgpKeyRing load(List<Path> files) throws InvalidPolicyException {
        return load(files, "the policy");
    }

    /**
     * Reads every OpenPGP key file the policy names.
     *
     * @param policySource the policy file or page, as the exception names it
     * @throws InvalidPolicyException naming every file that is missing, unreadable, not OpenPGP public keys, or holds a
     *     secret key
     */
    public static OpenPgpKeyRing load(List<Path> files, String policySource) throws InvalidPolicyException {
        return fromAnchors(TrustSources.files(files), policySource);
    }

    /** Reads the policy's trust anchors of this kind, files or inline text; see {@link #load(List, String)}. */
    public static OpenPgpKeyRing fromAnchors(List<TrustAnchor> files, String policySource)
            throws InvalidPolicyException {
        OpenPGPPolicy policy = strictPolicy();
        OpenPGPImplementation implementation = new BcOpenPGPImplementation().setPolicy(policy);
        OpenPGPKeyReader reader = new OpenPGPKeyReader(implementation, policy);

        Map<String, PGPPublicKeyRing> rings = new LinkedHashMap<>();
        List<PolicyProblem> problems = new ArrayList<>();
        for (TrustAnchor file : files) {
            for (PGPPublicKeyRing ring : readFile(reader, file, problems)) {
                merge(rings, ring, file, problems);
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidPolicyException(policySource, problems);
        }

        List<OpenPGPCertificate> certificates = new ArrayList<>();
        rings.values().forEach(ring -> certificates.add(new OpenPGPCertificate(ring, implementation, policy)));
        return new OpenPgpKeyRing(implementation, policy, certificates);
    }

    public boolean isEmpty() {
        return certificates.isEmpty();
    }

    /** How many certificates (primary keys) are trusted. */
    public int size() {
        return certificates.size();
    }

    /** The primary key fingerprints of the trusted certificates, in upper-case hex. */
    public List<String> fingerprints() {
        return certificates.stream()
                .map(certificate -> hex(certificate.getFingerprint()))
                .toList();
    }

    /** The certificate holding the key that made the signature, or empty when no trusted certificate holds it. */
    Optional<OpenPGPCertificate> certificateFor(PGPSignature signature) {
        for (OpenPGPCertificate certificate : certificates) {
            synchronized (certificate) {
                if (certificate.getSigningKeyFor(signature) != null) {
                    return Optional.of(certificate);
                }
            }
        }
        return Optional.empty();
    }

    /** Runs an evaluation of one certificate while no other thread evaluates it. */
    <T, E extends Exception> T withCertificate(OpenPGPCertificate certificate, CertificateUse<T, E> use) throws E {
        synchronized (certificate) {
            return use.apply(certificate);
        }
    }

    OpenPGPImplementation implementation() {
        return implementation;
    }

    OpenPGPPolicy policy() {
        return policy;
    }

    /** Something done with a certificate under its lock. */
    @FunctionalInterface
    interface CertificateUse<T, E extends Exception> {
        T apply(OpenPGPCertificate certificate) throws E;
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }

    /**
     * Bouncy Castle's default, which refuses SHA-1 and MD5 for data signatures, with the gate's key sizes: RSA and DSA
     * of at least 2048 bits.
     */
    private static OpenPGPPolicy strictPolicy() {
        return new OpenPGPDefaultPolicy()
                .acceptPublicKeyAlgorithmWithMinimalStrength(
                        PublicKeyAlgorithmTags.RSA_GENERAL, AlgorithmStrength.MIN_RSA_BITS)
                .acceptPublicKeyAlgorithmWithMinimalStrength(
                        PublicKeyAlgorithmTags.RSA_SIGN, AlgorithmStrength.MIN_RSA_BITS)
                .acceptPublicKeyAlgorithmWithMinimalStrength(
                        PublicKeyAlgorithmTags.RSA_ENCRYPT, AlgorithmStrength.MIN_RSA_BITS)
                .acceptPublicKeyAlgorithmWithMinimalStrength(
                        PublicKeyAlgorithmTags.DSA, AlgorithmStrength.MIN_DSA_BITS);
    }

    private static List<PGPPublicKeyRing> readFile(
            OpenPGPKeyReader reader, TrustAnchor file, List<PolicyProblem> problems) {
        byte[] bytes;
        try {
            bytes = file.read(MAX_FILE_BYTES);
        } catch (NoSuchFileException e) {
            problems.add(problem(file.name() + " does not exist, so no OpenPGP signature can be trusted through it."));
            return List.of();
        } catch (IOException e) {
            problems.add(problem(file.name() + " could not be read (" + e.getMessage()
                    + "), so no OpenPGP signature can be" + " trusted through it."));
            return List.of();
        }
        if (new String(bytes, StandardCharsets.ISO_8859_1).contains("-----BEGIN PGP PRIVATE KEY BLOCK-----")) {
            problems.add(secretKey(file));
            return List.of();
        }

        List<OpenPGPCertificate> parsed;
        try {
            parsed = reader.parseKeysOrCertificates(bytes);
        } catch (IOException | RuntimeException e) {
            problems.add(problem(file.name() + " is not an OpenPGP public key file (" + e.getMessage()
                    + "), so no OpenPGP signature can be trusted through it."));
            return List.of();
        }
        if (parsed.stream().anyMatch(OpenPGPCertificate::isSecretKey)) {
            problems.add(secretKey(file));
            return List.of();
        }
        if (parsed.isEmpty()) {
            problems.add(problem(file.name()
                    + " holds no OpenPGP public key, so no OpenPGP signature can be trusted through" + " it."));
        }
        return parsed.stream().map(OpenPGPCertificate::getPGPPublicKeyRing).toList();
    }

    private static void merge(
            Map<String, PGPPublicKeyRing> rings,
            PGPPublicKeyRing ring,
            TrustAnchor file,
            List<PolicyProblem> problems) {
        String fingerprint = hex(ring.getPublicKey().getFingerprint());
        PGPPublicKeyRing known = rings.get(fingerprint);
        if (known == null) {
            rings.put(fingerprint, ring);
            return;
        }
        try {
            rings.put(fingerprint, PGPPublicKeyRing.join(known, ring));
        } catch (PGPException | RuntimeException e) {
            problems.add(problem(file.name() + " holds the key " + fingerprint
                    + " again, and the copies cannot be merged (" + e.getMessage() + ")."));
        }
    }

    private static PolicyProblem secretKey(TrustAnchor file) {
        return problem(
                file.name() + " holds an OpenPGP secret key, which must never be shared with the gate; give it the"
                        + " public key alone (gpg --export --armor KEY-ID).");
    }

    private static PolicyProblem problem(String message) {
        return new PolicyProblem(POLICY_KEY, 0, message);
    }
}
