package io.jenkins.plugins.releasegate.core.hsm;

import com.sun.jna.NativeLong;
import io.jenkins.plugins.releasegate.core.hsm.Pkcs11Library.CK_SLOT_INFO;
import io.jenkins.plugins.releasegate.core.hsm.Pkcs11Library.CK_TOKEN_INFO;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * A slot of a PKCS#11 module and the token in it, as {@code C_GetSlotInfo} and {@code C_GetTokenInfo} describe them;
 * the token's texts are empty when the slot holds none.
 *
 * @param slotId the {@code CK_SLOT_ID}, which SunPKCS11 is configured with and {@code slot-id=} names
 * @param slotDescription what the module calls the slot
 * @param tokenPresent whether a token is in the slot
 * @param label the token's label, which {@code token=} names, without its padding
 * @param manufacturer the token's manufacturer
 * @param model the token's model
 * @param serial the token's serial number
 * @param flags the token's flags that matter for choosing it and logging in
 */
public record TokenSlot(
        long slotId,
        String slotDescription,
        boolean tokenPresent,
        String label,
        String manufacturer,
        String model,
        String serial,
        Set<TokenFlag> flags) {

    public TokenSlot {
        flags = Set.copyOf(flags);
    }

    /** Whether the token is initialized, which an empty spare slot of a software token is not. */
    public boolean initialized() {
        return tokenPresent && flags.contains(TokenFlag.INITIALIZED);
    }

    /** How messages name the token, in lower case: "token 'release' (slot 7)". */
    String describe() {
        return tokenPresent
                ? "token '" + label + "' (slot " + Long.toUnsignedString(slotId) + ")"
                : "slot " + Long.toUnsignedString(slotId);
    }

    /** Reads one slot afresh, or empty when the module no longer answers for it. */
    static Optional<TokenSlot> read(Pkcs11Library library, long slotId) {
        CK_SLOT_INFO slotInfo = new CK_SLOT_INFO();
        if (library.C_GetSlotInfo(new NativeLong(slotId), slotInfo).longValue() != CryptokiReturn.CKR_OK) {
            return Optional.empty();
        }
        String description = text(slotInfo.slotDescription);
        boolean present = (slotInfo.flags.longValue() & Pkcs11Library.CKF_TOKEN_PRESENT) != 0;
        if (!present) {
            return Optional.of(new TokenSlot(slotId, description, false, "", "", "", "", Set.of()));
        }

        CK_TOKEN_INFO token = new CK_TOKEN_INFO();
        long rv = library.C_GetTokenInfo(new NativeLong(slotId), token).longValue();
        if (rv != CryptokiReturn.CKR_OK) {
            return Optional.of(new TokenSlot(slotId, description, false, "", "", "", "", Set.of()));
        }
        return Optional.of(new TokenSlot(
                slotId,
                description,
                true,
                text(token.label),
                text(token.manufacturerID),
                text(token.model),
                text(token.serialNumber),
                TokenFlag.of(token.flags.longValue())));
    }

    /** A blank-padded Cryptoki text field, without the padding. */
    static String text(byte[] field) {
        int end = field.length;
        while (end > 0 && (field[end - 1] == ' ' || field[end - 1] == 0)) {
            end--;
        }
        return new String(field, 0, end, StandardCharsets.UTF_8);
    }
}
