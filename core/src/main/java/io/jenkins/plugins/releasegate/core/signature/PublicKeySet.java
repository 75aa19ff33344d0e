package io.jenkins.plugins.releasegate.core.signature;

import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import io.jenkins.plugins.releasegate.core.policy.InvalidPolicyException;
import io.jenkins.plugins.releasegate.core.policy.PolicyProblem;
import io.jenkins.plugins.releasegate.core.policy.TrustAnchor;
import io.jenkins.plugins.releasegate.core.policy.TrustSources;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.nist.NISTNamedCurves;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemReader;

/**
 * The raw public keys a policy trusts, from {@code signature.trust.publicKeys}: PEM {@code PUBLIC KEY} files as
 * {@code cosign generate-key-pair} and {@code openssl pkey -pubout} write them. Each key is EC on NIST P-256, P-384
 * or P-521, or RSA of at least 2048 bits; anything else makes the policy invalid rather than failing every artifact
 * later. Immutable, so one instance serves every thread of a gate run.
 */
public final class PublicKeySet {

    /** The policy key that names the public key files; problems with those files are reported under it. */
    public static final String POLICY_KEY = "signature.trust.publicKeys";

    private static final long MAX_FILE_BYTES = 64L << 10;
    private static final String PUBLIC_KEY_PEM = "PUBLIC KEY";

    private static final Map<ASN1ObjectIdentifier, Curve> CURVES = Map.of(
            X9ObjectIdentifiers.prime256v1,
            new Curve("P-256", DigestAlgorithm.SHA_256),
            NISTNamedCurves.getOID("P-384"),
            new Curve("P-384", DigestAlgorithm.SHA_384),
            NISTNamedCurves.getOID("P-521"),
            new Curve("P-521", DigestAlgorithm.SHA_512));

    private final List<TrustedPublicKey> keys;

    private PublicKeySet(List<TrustedPublicKey> keys) {
        this.keys = List.copyOf(keys);
    }

    /** Reads every public key file the policy names; see {@link #load(List, String)}. */
    public static PublicKeySet load(List<Path> files) throws InvalidPolicyException {
        return load(files, "the policy");
    }

    /**
     * Reads every public key file the policy names; a file may hold several {@code PUBLIC KEY} blocks.
     *
     * @param policySource the policy file or page, as the exception names it
     * @throws InvalidPolicyException naming every file that is missing, unreadable, holds something else than public
     *     keys (a private key above all), or holds a key of an unsupported type or size
     */
    public static PublicKeySet load(List<Path> files, String policySource) throws InvalidPolicyException {
        return fromAnchors(TrustSources.files(files), policySource);
    }

    /** Reads the policy's trust anchors of this kind, files or inline text; see {@link #load(List, String)}. */
    public static PublicKeySet fromAnchors(List<TrustAnchor> files, String policySource) throws InvalidPolicyException {
        Map<String, TrustedPublicKey> keys = new LinkedHashMap<>();
        List<PolicyProblem> problems = new ArrayList<>();
        for (TrustAnchor file : files) {
            for (TrustedPublicKey key : readFile(file, problems)) {
                keys.putIfAbsent(key.sha256(), key);
            }
        }

        if (!problems.isEmpty()) {
            throw new InvalidPolicyException(policySource, problems);
        }
        return new PublicKeySet(new ArrayList<>(keys.values()));
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    public List<TrustedPublicKey> keys() {
        return keys;
    }

    /** The digest algorithms any key of the set signs with: SHA-256 always, and the natural one of each curve. */
    Set<DigestAlgorithm> digestAlgorithms() {
        Set<DigestAlgorithm> algorithms = EnumSet.of(DigestAlgorithm.SHA_256);
        keys.forEach(key -> algorithms.add(key.naturalDigest()));
        return Set.copyOf(algorithms);
    }

    /** The key whose SubjectPublicKeyInfo has the given SHA-256, as a Sigstore bundle's key hint names it. */
    Optional<TrustedPublicKey> bySha256(byte[] sha256) {
        String wanted = HexFormat.of().formatHex(sha256);
        return keys.stream().filter(key -> key.sha256().equals(wanted)).findFirst();
    }

    private static List<TrustedPublicKey> readFile(TrustAnchor file, List<PolicyProblem> problems) {
        try {
            List<TrustedPublicKey> keys = parse(file, file.read(MAX_FILE_BYTES));
            if (keys.isEmpty()) {
                problems.add(problem(file.name()
                        + " holds no PEM PUBLIC KEY block, so no signature can be trusted through" + " it."));
            }
            return keys;
        } catch (NoSuchFileException e) {
            problems.add(problem(file.name() + " does not exist, so no signature can be trusted through it."));
        } catch (IOException e) {
            problems.add(problem(file.name() + " could not be read (" + e.getMessage()
                    + "), so no signature can be trusted" + " through it."));
        } catch (UnusableKey e) {
            problems.add(problem(file.name() + " " + e.getMessage() + ", so no signature can be trusted through it."));
        }
        return List.of();
    }

    private static List<TrustedPublicKey> parse(TrustAnchor file, byte[] bytes) throws UnusableKey {
        String source = file.shortName();
        List<TrustedPublicKey> keys = new ArrayList<>();
        try (PemReader reader = new PemReader(new StringReader(new String(bytes, StandardCharsets.US_ASCII)))) {
            for (PemObject block = reader.readPemObject(); block != null; block = reader.readPemObject()) {
                if (!PUBLIC_KEY_PEM.equals(block.getType())) {
                    throw new UnusableKey(wrongBlock(block.getType()));
                }
                keys.add(trusted(block.getContent(), source));
            }
        } catch (IOException | RuntimeException e) {
            throw new UnusableKey("is not readable PEM (" + e.getMessage() + ")");
        }
        return keys;
    }

    private static String wrongBlock(String type) {
        if (type.contains("PRIVATE KEY")) {
            return "holds a " + type + ", which must never be shared with the gate; give it the public key alone"
                    + " (openssl pkey -pubout, or cosign's .pub file)";
        }
        if (type.equals("RSA PUBLIC KEY")) {
            return "holds a PKCS#1 RSA PUBLIC KEY block; convert it to a PUBLIC KEY block (openssl rsa -RSAPublicKey_in"
                    + " -pubout)";
        }
        if (type.contains("CERTIFICATE")) {
            return "holds a " + type + " block, which belongs under " + CertificateTrust.POLICY_KEY
                    + " rather than here";
        }
        return "holds a " + type + " block, where only PUBLIC KEY blocks belong";
    }

    private static TrustedPublicKey trusted(byte[] der, String source) throws UnusableKey {
        SubjectPublicKeyInfo info;
        try {
            info = SubjectPublicKeyInfo.getInstance(der);
        } catch (RuntimeException e) {
            throw new UnusableKey(
                    "holds a PUBLIC KEY block that is not a SubjectPublicKeyInfo (" + e.getMessage() + ")");
        }
        ASN1ObjectIdentifier type = info.getAlgorithm().getAlgorithm();
        String sha256 =
                HexFormat.of().formatHex(DigestAlgorithm.SHA_256.newDigest().digest(der));
        if (X9ObjectIdentifiers.id_ecPublicKey.equals(type)) {
            return ecKey(info, der, source, sha256);
        }
        if (PKCSObjectIdentifiers.rsaEncryption.equals(type)) {
            return rsaKey(der, source, sha256);
        }
        if (EdECObjectIdentifiers.id_Ed25519.equals(type) || EdECObjectIdentifiers.id_Ed448.equals(type)) {
            throw new UnusableKey("holds an EdDSA key, whose signatures cover the whole file rather than its digest;"
                    + " only EC (P-256, P-384, P-521) and RSA keys are supported for raw signatures");
        }
        throw new UnusableKey("holds a key of type " + type.getId() + ", but only EC (P-256, P-384, P-521) and RSA keys"
                + " are supported for raw signatures");
    }

    private static TrustedPublicKey ecKey(SubjectPublicKeyInfo info, byte[] der, String source, String sha256)
            throws UnusableKey {
        Object parameters = info.getAlgorithm().getParameters();
        Curve curve = parameters instanceof ASN1ObjectIdentifier oid ? CURVES.get(oid) : null;
        if (curve == null) {
            throw new UnusableKey("holds an EC key on the curve " + parameters + ", but only the named curves P-256,"
                    + " P-384 and P-521 are supported");
        }
        try {
            // The JDK decodes any point; Bouncy Castle's lightweight decoder refuses one that is not on the curve.
            PublicKeyFactory.createKey(info);
        } catch (IOException | RuntimeException e) {
            throw new UnusableKey(
                    "holds an EC key that is not a valid point on " + curve.name() + " (" + e.getMessage() + ")");
        }
        PublicKey key = decode("EC", der);
        return new TrustedPublicKey(key, source, sha256, "ECDSA " + curve.name(), curve.digest());
    }

    private static TrustedPublicKey rsaKey(byte[] der, String source, String sha256) throws UnusableKey {
        RSAPublicKey key = (RSAPublicKey) decode("RSA", der);
        int bits = key.getModulus().bitLength();
        if (bits < AlgorithmStrength.MIN_RSA_BITS) {
            throw new UnusableKey(
                    "holds an RSA key of " + bits + " bits, below the " + AlgorithmStrength.MIN_RSA_BITS + " required");
        }
        return new TrustedPublicKey(key, source, sha256, "RSA " + bits, DigestAlgorithm.SHA_256);
    }

    private static PublicKey decode(String algorithm, byte[] der) throws UnusableKey {
        try {
            return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw new UnusableKey("holds an " + algorithm + " key that cannot be decoded (" + e.getMessage() + ")");
        }
    }

    private static PolicyProblem problem(String message) {
        return new PolicyProblem(POLICY_KEY, 0, message);
    }

    private record Curve(String name, DigestAlgorithm digest) {}

    /** Why a key cannot be trusted; the message is a clause that follows the file's name. */
    private static final class UnusableKey extends Exception {

        private static final long serialVersionUID = 1L;

        UnusableKey(String clause) {
            super(clause, null, false, false);
        }
    }
}
