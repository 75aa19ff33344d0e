package io.jenkins.plugins.releasegate.core.hsm;

/**
 * A Cryptoki function that returned something other than {@code CKR_OK}. It stays inside this package: callers turn
 * it into an {@link HsmException} that says what could not be done.
 */
final class Pkcs11Failure extends Exception {

    private static final long serialVersionUID = 1L;

    private final String function;
    private final long returnValue;

    Pkcs11Failure(String function, long returnValue) {
        super(function + " returned " + CryptokiReturn.name(returnValue), null, false, false);
        this.function = function;
        this.returnValue = returnValue;
    }

    String function() {
        return function;
    }

    long returnValue() {
        return returnValue;
    }

    String returnName() {
        return CryptokiReturn.name(returnValue);
    }

    /** The failure as an exception for people: {@code what} names the token, {@code consequence} says what failed. */
    HsmException toHsmException(String what, String consequence) {
        HsmException.Kind kind = CryptokiReturn.meansTokenGone(returnValue)
                ? HsmException.Kind.TOKEN_GONE
                : returnValue == CryptokiReturn.CKR_PIN_LOCKED
                        ? HsmException.Kind.PIN_LOCKED
                        : HsmException.Kind.TOKEN_ERROR;
        return new HsmException(
                kind, what + " failed " + function + " with " + returnName() + ", so " + consequence + ".");
    }
}
