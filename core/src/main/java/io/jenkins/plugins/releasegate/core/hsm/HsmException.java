package io.jenkins.plugins.releasegate.core.hsm;

import java.util.Objects;

/**
 * Something about the HSM, its token, its keys or the inputs naming them that a person can act on, told in one
 * sentence that names the module, token, key or file concerned and says what did not happen. The message never holds
 * a PIN. It carries no stack trace: it is an expected outcome, shown as it is.
 */
public final class HsmException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong, for front ends that choose an exit status or a help text by it. */
    public enum Kind {
        /** A PKCS#11 URI that cannot be used, including one that carries a PIN. */
        INVALID_URI,
        /** The PIN's environment variable or file is missing, unreadable or empty. */
        PIN_UNAVAILABLE,
        /** The module file does not exist, cannot be loaded, or is not a PKCS#11 module. */
        MODULE_NOT_LOADABLE,
        /** No token (or more than one) matches the URI. */
        TOKEN_NOT_FOUND,
        /** No private key (or more than one) matches the URI. */
        KEY_NOT_FOUND,
        /** The key has no certificate beside it on the token. */
        KEY_WITHOUT_CERTIFICATE,
        /** The token refused the PIN; it was tried once. */
        PIN_INCORRECT,
        /** The token's user PIN is locked. */
        PIN_LOCKED,
        /** A key type or curve the signer does not support, or a key type name that is not known. */
        UNSUPPORTED_KEY_TYPE,
        /** The token, its session or its login went away while it was in use. */
        TOKEN_GONE,
        /** Key generation would reuse the label or id of an object already on the token. */
        KEY_EXISTS,
        /** A certificate whose public key is not the token key's. */
        CERTIFICATE_MISMATCH,
        /** A certificate, chain or output file that cannot be read or written. */
        BAD_INPUT,
        /** Any other refusal by the module, named by its {@code CKR_} value. */
        TOKEN_ERROR
    }

    private final Kind kind;

    public HsmException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }
}
