package io.jenkins.plugins.releasegate.core.hsm;

import static io.jenkins.plugins.releasegate.core.hsm.Pkcs11Library.CKA_CLASS;
import static io.jenkins.plugins.releasegate.core.hsm.Pkcs11Library.CKA_ID;
import static io.jenkins.plugins.releasegate.core.hsm.Pkcs11Library.CKA_LABEL;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.ptr.NativeLongByReference;
import io.jenkins.plugins.releasegate.core.hsm.HsmException.Kind;
import io.jenkins.plugins.releasegate.core.hsm.Pkcs11Library.CK_ATTRIBUTE;
import io.jenkins.plugins.releasegate.core.hsm.Pkcs11Library.CK_MECHANISM;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One Cryptoki session on one token, opened through the engine's own binding: for listing, logging in, key generation
 * and certificate import. Not for use by several threads at once.
 */
final class TokenSession implements AutoCloseable {

    private static final int FIND_BATCH = 64;

    private final Pkcs11Library library;
    private final TokenSlot slot;
    private final long handle;
    private boolean loggedIn;
    private boolean closed;

    private TokenSession(Pkcs11Library library, TokenSlot slot, long handle) {
        this.library = library;
        this.slot = slot;
        this.handle = handle;
    }

    static TokenSession open(Pkcs11Library library, TokenSlot slot, boolean readWrite) throws HsmException {
        long flags = Pkcs11Library.CKF_SERIAL_SESSION | (readWrite ? Pkcs11Library.CKF_RW_SESSION : 0);
        NativeLongByReference session = new NativeLongByReference();
        long rv = library.C_OpenSession(new NativeLong(slot.slotId()), new NativeLong(flags), null, null, session)
                .longValue();
        if (rv != CryptokiReturn.CKR_OK) {
            throw new Pkcs11Failure("C_OpenSession", rv)
                    .toHsmException("The " + slot.describe(), "no session could be opened on it");
        }
        return new TokenSession(library, slot, session.getValue().longValue());
    }

    TokenSlot slot() {
        return slot;
    }

    /**
     * Logs the user in with the PIN, once: a refused PIN is reported, never tried again, so that the token does not
     * count a second failure. A token whose PIN is already locked is not even asked. The PIN bytes are overwritten
     * when the call returns; the {@link Pin} itself stays for the caller to close.
     */
    void login(Pin pin) throws HsmException {
        if (slot.flags().contains(TokenFlag.USER_PIN_LOCKED)) {
            throw pinLocked();
        }

        // The PIN goes to the module from native memory of our own, which is zeroed after the call; a Java array
        // would be copied by JNA into memory that nobody clears.
        byte[] secret = pin.utf8();
        long rv;
        try (Memory nativeSecret = new Memory(Math.max(1, secret.length))) {
            nativeSecret.write(0, secret, 0, secret.length);
            try {
                rv = library.C_Login(
                                new NativeLong(handle),
                                new NativeLong(Pkcs11Library.CKU_USER),
                                nativeSecret,
                                new NativeLong(secret.length))
                        .longValue();
            } finally {
                nativeSecret.clear();
            }
        } finally {
            Arrays.fill(secret, (byte) 0);
        }

        if (rv == CryptokiReturn.CKR_OK) {
            loggedIn = true;
        } else if (rv == CryptokiReturn.CKR_USER_ALREADY_LOGGED_IN) {
            // Another part of this process holds the login; it is theirs to end, not ours.
            loggedIn = false;
        } else if (rv == CryptokiReturn.CKR_PIN_INCORRECT
                || rv == CryptokiReturn.CKR_PIN_INVALID
                || rv == CryptokiReturn.CKR_PIN_LEN_RANGE) {
            throw pinIncorrect(rv);
        } else if (rv == CryptokiReturn.CKR_PIN_LOCKED) {
            throw pinLocked();
        } else if (rv == CryptokiReturn.CKR_PIN_EXPIRED) {
            throw new HsmException(
                    Kind.PIN_INCORRECT,
                    "The " + slot.describe()
                            + " says the user PIN has expired (CKR_PIN_EXPIRED); change it with the token's"
                            + " own tools, so there was no login.");
        } else {
            throw new Pkcs11Failure("C_Login", rv).toHsmException("The " + slot.describe(), "there was no login");
        }
    }

    /** Whether this session's {@link #login} logged the user in, so that closing should log out again. */
    boolean loggedIn() {
        return loggedIn;
    }

    /** The handles of the objects that match every attribute of the template. */
    List<Long> find(AttributeTemplate template) throws Pkcs11Failure {
        NativeLong session = new NativeLong(handle);
        CK_ATTRIBUTE[] attributes = template.toArray();
        check("C_FindObjectsInit", library.C_FindObjectsInit(session, attributes, new NativeLong(template.size())));
        List<Long> found = new ArrayList<>();
        try {
            NativeLong[] batch = new NativeLong[FIND_BATCH];
            NativeLongByReference count = new NativeLongByReference();
            while (true) {
                check("C_FindObjects", library.C_FindObjects(session, batch, new NativeLong(FIND_BATCH), count));
                int n = count.getValue().intValue();
                for (int i = 0; i < n; i++) {
                    found.add(batch[i].longValue());
                }
                if (n < FIND_BATCH) {
                    return found;
                }
            }
        } finally {
            library.C_FindObjectsFinal(session);
        }
    }

    /** The objects of a class, narrowed to a label and an id where they are given. */
    List<Long> find(long objectClass, Optional<String> label, Optional<byte[]> id) throws Pkcs11Failure {
        AttributeTemplate template = new AttributeTemplate().ulong(CKA_CLASS, objectClass);
        label.ifPresent(value -> template.text(CKA_LABEL, value));
        id.ifPresent(value -> template.bytes(CKA_ID, value));
        return find(template);
    }

    /**
     * One attribute's value, or empty when the object does not have it or will not tell it (sensitive, or unknown to
     * the module).
     */
    Optional<byte[]> attribute(long object, long type) throws Pkcs11Failure {
        CK_ATTRIBUTE[] query = new AttributeTemplate().bytes(type, new byte[0]).toArray();
        NativeLong session = new NativeLong(handle);
        long rv = library.C_GetAttributeValue(session, new NativeLong(object), query, new NativeLong(1))
                .longValue();
        long length = query[0].ulValueLen.longValue();
        if (rv != CryptokiReturn.CKR_OK || length == Pkcs11Library.UNAVAILABLE_INFORMATION) {
            return unavailable(rv);
        }
        if (length == 0) {
            return Optional.of(new byte[0]);
        }

        Memory value = new Memory(length);
        query[0].pValue = value;
        query[0].ulValueLen = new NativeLong(length);
        check(
                "C_GetAttributeValue",
                library.C_GetAttributeValue(session, new NativeLong(object), query, new NativeLong(1)));
        return Optional.of(value.getByteArray(0, (int) query[0].ulValueLen.longValue()));
    }

    Optional<String> textAttribute(long object, long type) throws Pkcs11Failure {
        return attribute(object, type).map(bytes -> new String(bytes, StandardCharsets.UTF_8));
    }

    OptionalLong ulongAttribute(long object, long type) throws Pkcs11Failure {
        Optional<byte[]> bytes = attribute(object, type);
        if (bytes.isEmpty() || bytes.get().length != Native.LONG_SIZE) {
            return OptionalLong.empty();
        }
        Memory memory = new Memory(Native.LONG_SIZE);
        memory.write(0, bytes.get(), 0, Native.LONG_SIZE);
        return OptionalLong.of(memory.getNativeLong(0).longValue());
    }

    /** Makes a key pair and returns the handles of its public and private key, in that order. */
    long[] generateKeyPair(long mechanism, AttributeTemplate publicKey, AttributeTemplate privateKey)
            throws Pkcs11Failure {
        NativeLongByReference publicHandle = new NativeLongByReference();
        NativeLongByReference privateHandle = new NativeLongByReference();
        check(
                "C_GenerateKeyPair",
                library.C_GenerateKeyPair(
                        new NativeLong(handle),
                        new CK_MECHANISM(mechanism),
                        publicKey.toArray(),
                        new NativeLong(publicKey.size()),
                        privateKey.toArray(),
                        new NativeLong(privateKey.size()),
                        publicHandle,
                        privateHandle));
        return new long[] {
            publicHandle.getValue().longValue(), privateHandle.getValue().longValue()
        };
    }

    long createObject(AttributeTemplate template) throws Pkcs11Failure {
        NativeLongByReference object = new NativeLongByReference();
        check(
                "C_CreateObject",
                library.C_CreateObject(
                        new NativeLong(handle), template.toArray(), new NativeLong(template.size()), object));
        return object.getValue().longValue();
    }

    void destroyObject(long object) throws Pkcs11Failure {
        check("C_DestroyObject", library.C_DestroyObject(new NativeLong(handle), new NativeLong(object)));
    }

    /** Signs data in one call with a mechanism that takes no parameters. */
    byte[] sign(long mechanism, long key, byte[] data) throws Pkcs11Failure {
        NativeLong session = new NativeLong(handle);
        check("C_SignInit", library.C_SignInit(session, new CK_MECHANISM(mechanism), new NativeLong(key)));
        NativeLongByReference length = new NativeLongByReference();
        check("C_Sign", library.C_Sign(session, data, new NativeLong(data.length), null, length));
        byte[] signature = new byte[length.getValue().intValue()];
        check("C_Sign", library.C_Sign(session, data, new NativeLong(data.length), signature, length));
        return Arrays.copyOf(signature, length.getValue().intValue());
    }

    /** Logs out if this session logged in, then closes it; failures are of no use to anyone at this point. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (loggedIn) {
            library.C_Logout(new NativeLong(handle));
            loggedIn = false;
        }
        library.C_CloseSession(new NativeLong(handle));
    }

    private HsmException pinIncorrect(long rv) {
        String warning = "";
        Optional<TokenSlot> now = TokenSlot.read(library, slot.slotId());
        if (now.isPresent() && now.get().flags().contains(TokenFlag.USER_PIN_LOCKED)) {
            warning = "; the token has now locked its user PIN";
        } else if (now.isPresent() && now.get().flags().contains(TokenFlag.USER_PIN_FINAL_TRY)) {
            warning = "; the token warns that one more wrong PIN locks it";
        } else if (now.isPresent() && now.get().flags().contains(TokenFlag.USER_PIN_COUNT_LOW)) {
            warning = "; the token warns that few attempts remain";
        }
        return new HsmException(
                Kind.PIN_INCORRECT,
                "The " + slot.describe() + " did not accept the PIN (" + CryptokiReturn.name(rv)
                        + "); it was tried once and" + " not again, so that the token does not lock" + warning + ".");
    }

    private HsmException pinLocked() {
        return new HsmException(
                Kind.PIN_LOCKED,
                "The " + slot.describe()
                        + " has locked its user PIN after too many wrong PINs (CKR_PIN_LOCKED), so there was"
                        + " no login; its security officer must unblock it.");
    }

    private static Optional<byte[]> unavailable(long rv) throws Pkcs11Failure {
        if (rv == CryptokiReturn.CKR_OK
                || rv == CryptokiReturn.CKR_ATTRIBUTE_SENSITIVE
                || rv == CryptokiReturn.CKR_ATTRIBUTE_TYPE_INVALID) {
            return Optional.empty();
        }
        throw new Pkcs11Failure("C_GetAttributeValue", rv);
    }

    private static void check(String function, NativeLong rv) throws Pkcs11Failure {
        if (rv.longValue() != CryptokiReturn.CKR_OK) {
            throw new Pkcs11Failure(function, rv.longValue());
        }
    }
}
