package io.jenkins.plugins.releasegate.core.hsm;

/**
 * A key on a token, as a listing shows it.
 *
 * @param label its {@code CKA_LABEL}, which {@code object=} names
 * @param idHex its {@code CKA_ID} in hexadecimal, which {@code id=} names percent-encoded
 * @param objectClass whether it is the private or the public half
 * @param type its algorithm and size, for example "EC P-256" or "RSA 3072"
 * @param hasCertificate whether a certificate with the same {@code CKA_ID} sits beside it, which signing needs
 */
public record TokenKey(String label, String idHex, ObjectClass objectClass, String type, boolean hasCertificate) {

    /** Which half of a key pair an object is. */
    public enum ObjectClass {
        PRIVATE_KEY,
        PUBLIC_KEY
    }
}
