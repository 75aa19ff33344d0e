package io.jenkins.plugins.releasegate.core.hsm;

import java.util.EnumSet;
import java.util.Set;

/** The {@code CKF_} flags of a token that a person choosing or troubleshooting a token cares about. */
public enum TokenFlag {
    INITIALIZED(Pkcs11Library.CKF_TOKEN_INITIALIZED, "initialized"),
    LOGIN_REQUIRED(Pkcs11Library.CKF_LOGIN_REQUIRED, "login required"),
    USER_PIN_INITIALIZED(Pkcs11Library.CKF_USER_PIN_INITIALIZED, "user PIN initialized"),
    USER_PIN_COUNT_LOW(Pkcs11Library.CKF_USER_PIN_COUNT_LOW, "user PIN count low"),
    USER_PIN_FINAL_TRY(Pkcs11Library.CKF_USER_PIN_FINAL_TRY, "user PIN final try"),
    USER_PIN_LOCKED(Pkcs11Library.CKF_USER_PIN_LOCKED, "user PIN locked"),
    USER_PIN_TO_BE_CHANGED(Pkcs11Library.CKF_USER_PIN_TO_BE_CHANGED, "user PIN to be changed"),
    PROTECTED_AUTHENTICATION_PATH(Pkcs11Library.CKF_PROTECTED_AUTHENTICATION_PATH, "PIN pad"),
    WRITE_PROTECTED(Pkcs11Library.CKF_WRITE_PROTECTED, "write protected"),
    RNG(Pkcs11Library.CKF_RNG, "random number generator");

    private final long mask;
    private final String text;

    TokenFlag(long mask, String text) {
        this.mask = mask;
        this.text = text;
    }

    /** How listings show the flag, for example "user PIN locked". */
    public String text() {
        return text;
    }

    static Set<TokenFlag> of(long flags) {
        Set<TokenFlag> set = EnumSet.noneOf(TokenFlag.class);
        for (TokenFlag flag : values()) {
            if ((flags & flag.mask) != 0) {
                set.add(flag);
            }
        }
        return set;
    }
}
