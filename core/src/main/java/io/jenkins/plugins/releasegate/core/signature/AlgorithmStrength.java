package io.jenkins.plugins.releasegate.core.signature;

import java.security.PublicKey;
import java.security.interfaces.DSAPublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Locale;
import java.util.Optional;

/** Which keys and signature algorithms are too weak to prove who signed. */
final class AlgorithmStrength {

    static final int MIN_RSA_BITS = 2048;
    static final int MIN_DSA_BITS = 2048;
    static final int MIN_EC_BITS = 256;

    private AlgorithmStrength() {}

    /** Why a public key is too weak, for example "an RSA key of 1024 bits, below the 2048 required". */
    static Optional<String> keyWeakness(PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            return belowMinimum("an RSA key", rsa.getModulus().bitLength(), MIN_RSA_BITS);
        }
        if (key instanceof DSAPublicKey dsa && dsa.getParams() != null) {
            return belowMinimum("a DSA key", dsa.getParams().getP().bitLength(), MIN_DSA_BITS);
        }
        if (key instanceof ECPublicKey ec) {
            return belowMinimum(
                    "an EC key", ec.getParams().getCurve().getField().getFieldSize(), MIN_EC_BITS);
        }
        return Optional.empty();
    }

    /** Whether a signature algorithm name, as JCA or Bouncy Castle spell it, hashes with MD2, MD4, MD5 or SHA-1. */
    static boolean isWeakSignatureAlgorithm(String name) {
        String upper = name.toUpperCase(Locale.ROOT).replace("-", "");
        return upper.startsWith("MD2")
                || upper.startsWith("MD4")
                || upper.startsWith("MD5")
                || upper.startsWith("SHA1WITH")
                || upper.equals("SHA1");
    }

    private static Optional<String> belowMinimum(String kind, int bits, int minimum) {
        return bits < minimum
                ? Optional.of(kind + " of " + bits + " bits, below the " + minimum + " required")
                : Optional.empty();
    }
}
