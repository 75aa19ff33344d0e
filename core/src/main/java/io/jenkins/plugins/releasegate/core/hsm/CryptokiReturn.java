package io.jenkins.plugins.releasegate.core.hsm;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Collectors;

/**
 * Names the {@code CKR_} return values of PKCS#11 (v2.40, and the two that v3.0 added), so that every failure a
 * module reports reads as its name rather than as a number.
 */
final class CryptokiReturn {

    static final long CKR_OK = 0x0;
    static final long CKR_ATTRIBUTE_SENSITIVE = 0x11;
    static final long CKR_ATTRIBUTE_TYPE_INVALID = 0x12;
    static final long CKR_DEVICE_ERROR = 0x30;
    static final long CKR_DEVICE_REMOVED = 0x32;
    static final long CKR_PIN_INCORRECT = 0xA0;
    static final long CKR_PIN_INVALID = 0xA1;
    static final long CKR_PIN_LEN_RANGE = 0xA2;
    static final long CKR_PIN_EXPIRED = 0xA3;
    static final long CKR_PIN_LOCKED = 0xA4;
    static final long CKR_SESSION_CLOSED = 0xB0;
    static final long CKR_SESSION_HANDLE_INVALID = 0xB3;
    static final long CKR_TOKEN_NOT_PRESENT = 0xE0;
    static final long CKR_TOKEN_NOT_RECOGNIZED = 0xE1;
    static final long CKR_USER_ALREADY_LOGGED_IN = 0x100;
    static final long CKR_USER_NOT_LOGGED_IN = 0x101;
    static final long CKR_BUFFER_TOO_SMALL = 0x150;
    static final long CKR_CRYPTOKI_ALREADY_INITIALIZED = 0x191;

    private static final long CKR_VENDOR_DEFINED = 0x80000000L;

    private static final Map<Long, String> NAMES = Map.ofEntries(
            entry(0x0, "CKR_OK"),
            entry(0x1, "CKR_CANCEL"),
            entry(0x2, "CKR_HOST_MEMORY"),
            entry(0x3, "CKR_SLOT_ID_INVALID"),
            entry(0x5, "CKR_GENERAL_ERROR"),
            entry(0x6, "CKR_FUNCTION_FAILED"),
            entry(0x7, "CKR_ARGUMENTS_BAD"),
            entry(0x8, "CKR_NO_EVENT"),
            entry(0x9, "CKR_NEED_TO_CREATE_THREADS"),
            entry(0xA, "CKR_CANT_LOCK"),
            entry(0x10, "CKR_ATTRIBUTE_READ_ONLY"),
            entry(0x11, "CKR_ATTRIBUTE_SENSITIVE"),
            entry(0x12, "CKR_ATTRIBUTE_TYPE_INVALID"),
            entry(0x13, "CKR_ATTRIBUTE_VALUE_INVALID"),
            entry(0x1B, "CKR_ACTION_PROHIBITED"),
            entry(0x20, "CKR_DATA_INVALID"),
            entry(0x21, "CKR_DATA_LEN_RANGE"),
            entry(0x30, "CKR_DEVICE_ERROR"),
            entry(0x31, "CKR_DEVICE_MEMORY"),
            entry(0x32, "CKR_DEVICE_REMOVED"),
            entry(0x40, "CKR_ENCRYPTED_DATA_INVALID"),
            entry(0x41, "CKR_ENCRYPTED_DATA_LEN_RANGE"),
            entry(0x50, "CKR_FUNCTION_CANCELED"),
            entry(0x51, "CKR_FUNCTION_NOT_PARALLEL"),
            entry(0x54, "CKR_FUNCTION_NOT_SUPPORTED"),
            entry(0x60, "CKR_KEY_HANDLE_INVALID"),
            entry(0x62, "CKR_KEY_SIZE_RANGE"),
            entry(0x63, "CKR_KEY_TYPE_INCONSISTENT"),
            entry(0x64, "CKR_KEY_NOT_NEEDED"),
            entry(0x65, "CKR_KEY_CHANGED"),
            entry(0x66, "CKR_KEY_NEEDED"),
            entry(0x67, "CKR_KEY_INDIGESTIBLE"),
            entry(0x68, "CKR_KEY_FUNCTION_NOT_PERMITTED"),
            entry(0x69, "CKR_KEY_NOT_WRAPPABLE"),
            entry(0x6A, "CKR_KEY_UNEXTRACTABLE"),
            entry(0x70, "CKR_MECHANISM_INVALID"),
            entry(0x71, "CKR_MECHANISM_PARAM_INVALID"),
            entry(0x82, "CKR_OBJECT_HANDLE_INVALID"),
            entry(0x90, "CKR_OPERATION_ACTIVE"),
            entry(0x91, "CKR_OPERATION_NOT_INITIALIZED"),
            entry(0xA0, "CKR_PIN_INCORRECT"),
            entry(0xA1, "CKR_PIN_INVALID"),
            entry(0xA2, "CKR_PIN_LEN_RANGE"),
            entry(0xA3, "CKR_PIN_EXPIRED"),
            entry(0xA4, "CKR_PIN_LOCKED"),
            entry(0xB0, "CKR_SESSION_CLOSED"),
            entry(0xB1, "CKR_SESSION_COUNT"),
            entry(0xB3, "CKR_SESSION_HANDLE_INVALID"),
            entry(0xB4, "CKR_SESSION_PARALLEL_NOT_SUPPORTED"),
            entry(0xB5, "CKR_SESSION_READ_ONLY"),
            entry(0xB6, "CKR_SESSION_EXISTS"),
            entry(0xB7, "CKR_SESSION_READ_ONLY_EXISTS"),
            entry(0xB8, "CKR_SESSION_READ_WRITE_SO_EXISTS"),
            entry(0xC0, "CKR_SIGNATURE_INVALID"),
            entry(0xC1, "CKR_SIGNATURE_LEN_RANGE"),
            entry(0xD0, "CKR_TEMPLATE_INCOMPLETE"),
            entry(0xD1, "CKR_TEMPLATE_INCONSISTENT"),
            entry(0xE0, "CKR_TOKEN_NOT_PRESENT"),
            entry(0xE1, "CKR_TOKEN_NOT_RECOGNIZED"),
            entry(0xE2, "CKR_TOKEN_WRITE_PROTECTED"),
            entry(0xF0, "CKR_UNWRAPPING_KEY_HANDLE_INVALID"),
            entry(0xF1, "CKR_UNWRAPPING_KEY_SIZE_RANGE"),
            entry(0xF2, "CKR_UNWRAPPING_KEY_TYPE_INCONSISTENT"),
            entry(0x100, "CKR_USER_ALREADY_LOGGED_IN"),
            entry(0x101, "CKR_USER_NOT_LOGGED_IN"),
            entry(0x102, "CKR_USER_PIN_NOT_INITIALIZED"),
            entry(0x103, "CKR_USER_TYPE_INVALID"),
            entry(0x104, "CKR_USER_ANOTHER_ALREADY_LOGGED_IN"),
            entry(0x105, "CKR_USER_TOO_MANY_TYPES"),
            entry(0x110, "CKR_WRAPPED_KEY_INVALID"),
            entry(0x112, "CKR_WRAPPED_KEY_LEN_RANGE"),
            entry(0x113, "CKR_WRAPPING_KEY_HANDLE_INVALID"),
            entry(0x114, "CKR_WRAPPING_KEY_SIZE_RANGE"),
            entry(0x115, "CKR_WRAPPING_KEY_TYPE_INCONSISTENT"),
            entry(0x120, "CKR_RANDOM_SEED_NOT_SUPPORTED"),
            entry(0x121, "CKR_RANDOM_NO_RNG"),
            entry(0x130, "CKR_DOMAIN_PARAMS_INVALID"),
            entry(0x140, "CKR_CURVE_NOT_SUPPORTED"),
            entry(0x150, "CKR_BUFFER_TOO_SMALL"),
            entry(0x160, "CKR_SAVED_STATE_INVALID"),
            entry(0x170, "CKR_INFORMATION_SENSITIVE"),
            entry(0x180, "CKR_STATE_UNSAVEABLE"),
            entry(0x190, "CKR_CRYPTOKI_NOT_INITIALIZED"),
            entry(0x191, "CKR_CRYPTOKI_ALREADY_INITIALIZED"),
            entry(0x1A0, "CKR_MUTEX_BAD"),
            entry(0x1A1, "CKR_MUTEX_NOT_LOCKED"),
            entry(0x1B0, "CKR_NEW_PIN_MODE"),
            entry(0x1B1, "CKR_NEXT_OTP"),
            entry(0x1B5, "CKR_EXCEEDED_MAX_ITERATIONS"),
            entry(0x1B6, "CKR_FIPS_SELF_TEST_FAILED"),
            entry(0x1B7, "CKR_LIBRARY_LOAD_FAILED"),
            entry(0x1B8, "CKR_PIN_TOO_WEAK"),
            entry(0x1B9, "CKR_PUBLIC_KEY_INVALID"),
            entry(0x200, "CKR_FUNCTION_REJECTED"),
            entry(0x201, "CKR_TOKEN_RESOURCE_EXCEEDED"),
            entry(0x202, "CKR_OPERATION_CANCEL_FAILED"));

    private static final Map<String, Long> VALUES =
            NAMES.entrySet().stream().collect(Collectors.toUnmodifiableMap(Map.Entry::getValue, Map.Entry::getKey));

    private CryptokiReturn() {}

    /** The value a {@code CKR_} name stands for, as when SunPKCS11 reports a failure by name only. */
    static OptionalLong valueOf(String name) {
        Long value = VALUES.get(name);
        return value == null ? OptionalLong.empty() : OptionalLong.of(value);
    }

    /** The value's name, such as {@code CKR_PIN_INCORRECT}; a value the standard lacks is shown in hexadecimal. */
    static String name(long value) {
        String name = NAMES.get(value);
        if (name != null) {
            return name;
        }
        if ((value & CKR_VENDOR_DEFINED) != 0) {
            return "CKR_VENDOR_DEFINED+0x"
                    + Long.toHexString(value & ~CKR_VENDOR_DEFINED).toUpperCase(Locale.ROOT);
        }
        return "CKR_0x" + Long.toHexString(value).toUpperCase(Locale.ROOT);
    }

    /** Whether the value says that the token or its session is gone, so that nothing more can be done with it. */
    static boolean meansTokenGone(long value) {
        return value == CKR_DEVICE_REMOVED
                || value == CKR_DEVICE_ERROR
                || value == CKR_TOKEN_NOT_PRESENT
                || value == CKR_TOKEN_NOT_RECOGNIZED
                || value == CKR_SESSION_CLOSED
                || value == CKR_SESSION_HANDLE_INVALID
                || value == CKR_USER_NOT_LOGGED_IN;
    }

    private static Map.Entry<Long, String> entry(long value, String name) {
        return Map.entry(value, name);
    }
}
