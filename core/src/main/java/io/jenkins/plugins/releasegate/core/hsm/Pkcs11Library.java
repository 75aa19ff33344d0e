package io.jenkins.plugins.releasegate.core.hsm;

import com.sun.jna.Library;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.NativeLongByReference;

/**
 * The few Cryptoki (PKCS#11 v2.40) functions the engine calls itself, bound by name through JNA, with the constants
 * and structures they take. Everything else goes through the JDK's SunPKCS11 provider. {@code CK_ULONG} is a C
 * {@code unsigned long}, so it is a {@link NativeLong}; structures use the platform's default alignment, as the
 * PKCS#11 headers ask for on Linux and macOS.
 */
interface Pkcs11Library extends Library {

    long CKF_OS_LOCKING_OK = 0x2;

    long CKF_TOKEN_PRESENT = 0x1;
    long CKF_REMOVABLE_DEVICE = 0x2;
    long CKF_HW_SLOT = 0x4;

    long CKF_RNG = 0x1;
    long CKF_WRITE_PROTECTED = 0x2;
    long CKF_LOGIN_REQUIRED = 0x4;
    long CKF_USER_PIN_INITIALIZED = 0x8;
    long CKF_PROTECTED_AUTHENTICATION_PATH = 0x100;
    long CKF_TOKEN_INITIALIZED = 0x400;
    long CKF_USER_PIN_COUNT_LOW = 0x10000;
    long CKF_USER_PIN_FINAL_TRY = 0x20000;
    long CKF_USER_PIN_LOCKED = 0x40000;
    long CKF_USER_PIN_TO_BE_CHANGED = 0x80000;

    long CKF_RW_SESSION = 0x2;
    long CKF_SERIAL_SESSION = 0x4;

    long CKU_USER = 1;

    long CKO_CERTIFICATE = 1;
    long CKO_PUBLIC_KEY = 2;
    long CKO_PRIVATE_KEY = 3;

    long CKK_RSA = 0x0;
    long CKK_DSA = 0x1;
    long CKK_EC = 0x3;
    long CKK_EC_EDWARDS = 0x40;

    long CKC_X_509 = 0x0;

    long CKA_CLASS = 0x0;
    long CKA_TOKEN = 0x1;
    long CKA_PRIVATE = 0x2;
    long CKA_LABEL = 0x3;
    long CKA_VALUE = 0x11;
    long CKA_CERTIFICATE_TYPE = 0x80;
    long CKA_ISSUER = 0x81;
    long CKA_SERIAL_NUMBER = 0x82;
    long CKA_KEY_TYPE = 0x100;
    long CKA_SUBJECT = 0x101;
    long CKA_ID = 0x102;
    long CKA_SENSITIVE = 0x103;
    long CKA_SIGN = 0x108;
    long CKA_VERIFY = 0x10A;
    long CKA_MODULUS = 0x120;
    long CKA_MODULUS_BITS = 0x121;
    long CKA_PUBLIC_EXPONENT = 0x122;
    long CKA_EXTRACTABLE = 0x162;
    long CKA_EC_PARAMS = 0x180;
    long CKA_EC_POINT = 0x181;

    long CKM_RSA_PKCS_KEY_PAIR_GEN = 0x0;
    long CKM_SHA256_RSA_PKCS = 0x40;
    long CKM_EC_KEY_PAIR_GEN = 0x1040;
    long CKM_ECDSA = 0x1041;

    /** {@code CK_UNAVAILABLE_INFORMATION}: the length C_GetAttributeValue reports for a value it will not give. */
    long UNAVAILABLE_INFORMATION = -1L;

    NativeLong C_Initialize(CK_C_INITIALIZE_ARGS initArgs);

    NativeLong C_GetInfo(CK_INFO info);

    NativeLong C_GetSlotList(byte tokenPresent, NativeLong[] slotList, NativeLongByReference count);

    NativeLong C_GetSlotInfo(NativeLong slotId, CK_SLOT_INFO info);

    NativeLong C_GetTokenInfo(NativeLong slotId, CK_TOKEN_INFO info);

    NativeLong C_OpenSession(
            NativeLong slotId, NativeLong flags, Pointer application, Pointer notify, NativeLongByReference session);

    NativeLong C_CloseSession(NativeLong session);

    NativeLong C_Login(NativeLong session, NativeLong userType, Pointer pin, NativeLong pinLength);

    NativeLong C_Logout(NativeLong session);

    NativeLong C_FindObjectsInit(NativeLong session, CK_ATTRIBUTE[] template, NativeLong count);

    NativeLong C_FindObjects(
            NativeLong session, NativeLong[] objects, NativeLong maxCount, NativeLongByReference count);

    NativeLong C_FindObjectsFinal(NativeLong session);

    NativeLong C_GetAttributeValue(NativeLong session, NativeLong object, CK_ATTRIBUTE[] template, NativeLong count);

    NativeLong C_GenerateKeyPair(
            NativeLong session,
            CK_MECHANISM mechanism,
            CK_ATTRIBUTE[] publicKeyTemplate,
            NativeLong publicKeyAttributeCount,
            CK_ATTRIBUTE[] privateKeyTemplate,
            NativeLong privateKeyAttributeCount,
            NativeLongByReference publicKey,
            NativeLongByReference privateKey);

    NativeLong C_CreateObject(
            NativeLong session, CK_ATTRIBUTE[] template, NativeLong count, NativeLongByReference object);

    NativeLong C_DestroyObject(NativeLong session, NativeLong object);

    NativeLong C_SignInit(NativeLong session, CK_MECHANISM mechanism, NativeLong key);

    NativeLong C_Sign(
            NativeLong session,
            byte[] data,
            NativeLong dataLength,
            byte[] signature,
            NativeLongByReference signatureLength);

    /** {@code CK_C_INITIALIZE_ARGS}: no mutex callbacks, the operating system's locking instead. */
    @Structure.FieldOrder({"CreateMutex", "DestroyMutex", "LockMutex", "UnlockMutex", "flags", "pReserved"})
    class CK_C_INITIALIZE_ARGS extends Structure {
        public Pointer CreateMutex;
        public Pointer DestroyMutex;
        public Pointer LockMutex;
        public Pointer UnlockMutex;
        public NativeLong flags;
        public Pointer pReserved;
    }

    /** {@code CK_INFO}; the versions are pairs of bytes, inlined because {@code CK_VERSION} has byte alignment. */
    @Structure.FieldOrder({
        "cryptokiVersionMajor",
        "cryptokiVersionMinor",
        "manufacturerID",
        "flags",
        "libraryDescription",
        "libraryVersionMajor",
        "libraryVersionMinor"
    })
    class CK_INFO extends Structure {
        public byte cryptokiVersionMajor;
        public byte cryptokiVersionMinor;
        public byte[] manufacturerID = new byte[32];
        public NativeLong flags;
        public byte[] libraryDescription = new byte[32];
        public byte libraryVersionMajor;
        public byte libraryVersionMinor;
    }

    /** {@code CK_SLOT_INFO}. */
    @Structure.FieldOrder({
        "slotDescription",
        "manufacturerID",
        "flags",
        "hardwareVersionMajor",
        "hardwareVersionMinor",
        "firmwareVersionMajor",
        "firmwareVersionMinor"
    })
    class CK_SLOT_INFO extends Structure {
        public byte[] slotDescription = new byte[64];
        public byte[] manufacturerID = new byte[32];
        public NativeLong flags;
        public byte hardwareVersionMajor;
        public byte hardwareVersionMinor;
        public byte firmwareVersionMajor;
        public byte firmwareVersionMinor;
    }

    /** {@code CK_TOKEN_INFO}. */
    @Structure.FieldOrder({
        "label",
        "manufacturerID",
        "model",
        "serialNumber",
        "flags",
        "ulMaxSessionCount",
        "ulSessionCount",
        "ulMaxRwSessionCount",
        "ulRwSessionCount",
        "ulMaxPinLen",
        "ulMinPinLen",
        "ulTotalPublicMemory",
        "ulFreePublicMemory",
        "ulTotalPrivateMemory",
        "ulFreePrivateMemory",
        "hardwareVersionMajor",
        "hardwareVersionMinor",
        "firmwareVersionMajor",
        "firmwareVersionMinor",
        "utcTime"
    })
    class CK_TOKEN_INFO extends Structure {
        public byte[] label = new byte[32];
        public byte[] manufacturerID = new byte[32];
        public byte[] model = new byte[16];
        public byte[] serialNumber = new byte[16];
        public NativeLong flags;
        public NativeLong ulMaxSessionCount;
        public NativeLong ulSessionCount;
        public NativeLong ulMaxRwSessionCount;
        public NativeLong ulRwSessionCount;
        public NativeLong ulMaxPinLen;
        public NativeLong ulMinPinLen;
        public NativeLong ulTotalPublicMemory;
        public NativeLong ulFreePublicMemory;
        public NativeLong ulTotalPrivateMemory;
        public NativeLong ulFreePrivateMemory;
        public byte hardwareVersionMajor;
        public byte hardwareVersionMinor;
        public byte firmwareVersionMajor;
        public byte firmwareVersionMinor;
        public byte[] utcTime = new byte[16];
    }

    /** {@code CK_ATTRIBUTE}; arrays of it must be made with {@link Structure#toArray(int)} to be contiguous. */
    @Structure.FieldOrder({"type", "pValue", "ulValueLen"})
    class CK_ATTRIBUTE extends Structure {
        public NativeLong type;
        public Pointer pValue;
        public NativeLong ulValueLen;
    }

    /** {@code CK_MECHANISM}, here always without parameters. */
    @Structure.FieldOrder({"mechanism", "pParameter", "ulParameterLen"})
    class CK_MECHANISM extends Structure {
        public NativeLong mechanism;
        public Pointer pParameter;
        public NativeLong ulParameterLen;

        public CK_MECHANISM() {}

        public CK_MECHANISM(long mechanism) {
            this.mechanism = new NativeLong(mechanism);
            this.ulParameterLen = new NativeLong(0);
        }
    }
}
