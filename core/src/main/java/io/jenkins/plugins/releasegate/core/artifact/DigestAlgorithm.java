package io.jenkins.plugins.releasegate.core.artifact;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;

/** The digest algorithms evidence may state or a signature may use, with their JCA names and OIDs. */
public enum DigestAlgorithm {
    SHA_256("SHA-256", "2.16.840.1.101.3.4.2.1", true),
    SHA_384("SHA-384", "2.16.840.1.101.3.4.2.2", true),
    SHA_512("SHA-512", "2.16.840.1.101.3.4.2.3", true),
    SHA3_256("SHA3-256", "2.16.840.1.101.3.4.2.8", true),
    SHA3_384("SHA3-384", "2.16.840.1.101.3.4.2.9", true),
    SHA3_512("SHA3-512", "2.16.840.1.101.3.4.2.10", true),
    SHA_1("SHA-1", "1.3.14.3.2.26", false),
    MD5("MD5", "1.2.840.113549.2.5", false);

    private final String jcaName;
    private final String oid;
    private final boolean strong;

    DigestAlgorithm(String jcaName, String oid, boolean strong) {
        this.jcaName = jcaName;
        this.oid = oid;
        this.strong = strong;
    }

    public String jcaName() {
        return jcaName;
    }

    public String oid() {
        return oid;
    }

    /** Whether a match on this digest proves identity; SHA-1 and MD5 collide and do not. */
    public boolean strong() {
        return strong;
    }

    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("This Java runtime lacks " + jcaName + ", which every Java 17 has", e);
        }
    }

    /**
     * Recognises an algorithm by the names formats use for it: {@code SHA-256}, {@code sha256}, {@code sha-256},
     * {@code SHA3-256}, {@code SHA_256}.
     */
    public static Optional<DigestAlgorithm> byName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = normalise(name);
        for (DigestAlgorithm algorithm : values()) {
            if (normalise(algorithm.jcaName).equals(wanted)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    public static Optional<DigestAlgorithm> byOid(String oid) {
        for (DigestAlgorithm algorithm : values()) {
            if (algorithm.oid.equals(oid)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    private static String normalise(String name) {
        return name.trim().toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
    }
}
