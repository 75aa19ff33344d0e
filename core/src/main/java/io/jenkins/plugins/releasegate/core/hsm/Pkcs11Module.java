package io.jenkins.plugins.releasegate.core.hsm;

import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.ptr.NativeLongByReference;
import io.jenkins.plugins.releasegate.core.hsm.HsmException.Kind;
import io.jenkins.plugins.releasegate.core.hsm.Pkcs11Library.CK_C_INITIALIZE_ARGS;
import io.jenkins.plugins.releasegate.core.hsm.Pkcs11Library.CK_INFO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.function.Predicate;

/**
 * A PKCS#11 module (the vendor's shared library), asked directly for its slots, tokens and keys, which the JDK's
 * SunPKCS11 provider does not show. Finding a token never logs in to it: every wrong PIN counts towards locking it.
 *
 * <p>The module is loaded once per process and initialized with operating-system locking; a
 * {@code CKR_CRYPTOKI_ALREADY_INITIALIZED} answer, because SunPKCS11 or an earlier caller got there first, is
 * expected. The module is never finalized, as SunPKCS11 may be using it. Within one process, login state is shared by
 * every user of a token, so the engine lets one login at a time hold a token (see {@link #lease}). Instances are
 * safe for use by several threads.
 */
public final class Pkcs11Module {

    private static final Map<Path, Pkcs11Library> LOADED = new ConcurrentHashMap<>();
    private static final Map<String, Semaphore> TOKEN_LEASES = new ConcurrentHashMap<>();

    private final Path path;
    private final Path realPath;
    private final Pkcs11Library library;

    Pkcs11Module(Path path, Path realPath, Pkcs11Library library) {
        this.path = path;
        this.realPath = realPath;
        this.library = library;
    }

    /**
     * Loads and initializes the module at the given path.
     *
     * @throws HsmException of kind {@link Kind#MODULE_NOT_LOADABLE} naming the path when the file does not exist,
     *     cannot be loaded, or is no PKCS#11 module
     */
    public static Pkcs11Module open(Path library) throws HsmException {
        Path absolute = library.toAbsolutePath().normalize();
        if (!Files.isRegularFile(absolute)) {
            throw notLoadable(absolute, Files.exists(absolute) ? "it is not a regular file" : "it does not exist");
        }
        Path real;
        try {
            real = absolute.toRealPath();
        } catch (IOException e) {
            throw notLoadable(absolute, "it cannot be resolved (" + e.getMessage() + ")");
        }

        Pkcs11Library loaded;
        try {
            loaded = LOADED.computeIfAbsent(real, file -> Native.load(file.toString(), Pkcs11Library.class));
        } catch (UnsatisfiedLinkError e) {
            throw notLoadable(absolute, "it cannot be loaded as a shared library (" + firstLine(e.getMessage()) + ")");
        }
        initialize(absolute, loaded);
        return new Pkcs11Module(absolute, real, loaded);
    }

    /**
     * The module to use: the path given explicitly, else the URI's {@code module-path}.
     *
     * @throws HsmException of kind {@link Kind#MODULE_NOT_LOADABLE} when neither names one, or when they name
     *     different modules
     */
    public static Path choosePath(Optional<Path> given, Pkcs11Uri uri) throws HsmException {
        Optional<Path> fromUri = uri.modulePath();
        if (given.isPresent() && fromUri.isPresent()) {
            Path a = given.get().toAbsolutePath().normalize();
            Path b = fromUri.get().toAbsolutePath().normalize();
            if (!a.equals(b)) {
                throw new HsmException(
                        Kind.MODULE_NOT_LOADABLE,
                        "The PKCS#11 module is named twice, as " + a + " and in the URI's module-path as " + b
                                + ", so nothing was done: name it once.");
            }
        }
        return given.or(() -> fromUri)
                .orElseThrow(() -> new HsmException(
                        Kind.MODULE_NOT_LOADABLE,
                        "No PKCS#11 module was named, so nothing was done: give the module's path, or add"
                                + " ?module-path=... to the key's URI."));
    }

    /** The module's file, as it was opened. */
    public Path path() {
        return path;
    }

    /** What the module says about itself: its manufacturer, description and version, for listings. */
    public ModuleInfo info() throws HsmException {
        CK_INFO info = new CK_INFO();
        long rv = library.C_GetInfo(info).longValue();
        if (rv != CryptokiReturn.CKR_OK) {
            throw new Pkcs11Failure("C_GetInfo", rv)
                    .toHsmException("The PKCS#11 module " + path, "it cannot describe itself");
        }
        return new ModuleInfo(
                TokenSlot.text(info.manufacturerID),
                TokenSlot.text(info.libraryDescription),
                (info.libraryVersionMajor & 0xFF) + "." + (info.libraryVersionMinor & 0xFF),
                (info.cryptokiVersionMajor & 0xFF) + "." + (info.cryptokiVersionMinor & 0xFF));
    }

    /**
     * The module's description of itself.
     *
     * @param manufacturer who made the module
     * @param description the library's description
     * @param version the library's version
     * @param cryptokiVersion the PKCS#11 version it implements
     */
    public record ModuleInfo(String manufacturer, String description, String version, String cryptokiVersion) {}

    /** Every slot of the module, with its token where one is present, without logging in to any. */
    public List<TokenSlot> slots() throws HsmException {
        List<TokenSlot> slots = new ArrayList<>();
        for (long slotId : slotIds()) {
            TokenSlot.read(library, slotId).ifPresent(slots::add);
        }
        return slots;
    }

    /**
     * The one initialized token the URI names, by {@code slot-id}, {@code token} label, {@code manufacturer},
     * {@code model} and {@code serial}; a URI that names none of them means the only initialized token there is.
     *
     * @throws HsmException of kind {@link Kind#TOKEN_NOT_FOUND} when no token or several match, listing the labels
     *     of the tokens present
     */
    public TokenSlot find(Pkcs11Uri uri) throws HsmException {
        List<TokenSlot> initialized =
                slots().stream().filter(TokenSlot::initialized).toList();
        List<TokenSlot> matching = initialized.stream().filter(matcher(uri)).toList();
        if (matching.size() == 1) {
            return matching.get(0);
        }

        String wanted = uri.namesToken() ? "matches " + tokenTerms(uri) : "was named in the URI " + uri;
        if (matching.isEmpty()) {
            throw new HsmException(
                    Kind.TOKEN_NOT_FOUND,
                    "No token of the PKCS#11 module " + path + " " + wanted + " (tokens present: " + labels(initialized)
                            + "), so nothing was done.");
        }
        throw new HsmException(
                Kind.TOKEN_NOT_FOUND,
                matching.size() + " tokens of the PKCS#11 module " + path + " match "
                        + (uri.namesToken() ? tokenTerms(uri) : "the URI " + uri)
                        + " (" + describeAll(matching) + "), so nothing was done: add serial= or slot-id= to the"
                        + " URI to choose one.");
    }

    /**
     * The keys on a token: without a PIN only its public objects, with one its private keys too, each marked with
     * whether a certificate with its {@code CKA_ID} sits beside it. The PIN is tried once and closed.
     */
    public List<TokenKey> keys(TokenSlot slot, Optional<Pin> pin) throws HsmException {
        Lease lease = Lease.NONE;
        try {
            if (pin.isPresent()) {
                lease = lease(slot);
            }
            try (TokenSession session = TokenSession.open(library, slot, false)) {
                if (pin.isPresent()) {
                    session.login(pin.get());
                }
                return listKeys(session, pin.isPresent());
            }
        } catch (Pkcs11Failure e) {
            throw e.toHsmException("The " + slot.describe(), "its keys could not be listed");
        } finally {
            pin.ifPresent(Pin::close);
            lease.close();
        }
    }

    Pkcs11Library library() {
        return library;
    }

    /**
     * The module's file with links resolved, which is the name it was loaded by, so that SunPKCS11 loads the very
     * same library instance and shares its login state.
     */
    Path realPath() {
        return realPath;
    }

    /**
     * Takes the token for one login, waiting while another part of this process holds it. PKCS#11 shares login state
     * between all sessions of a process, so a second login would otherwise ride on the first one's PIN, and the
     * first one's logout would end the second one's work.
     */
    Lease lease(TokenSlot slot) throws HsmException {
        String key = realPath + "#" + Long.toUnsignedString(slot.slotId());
        Semaphore semaphore = TOKEN_LEASES.computeIfAbsent(key, k -> new Semaphore(1, true));
        try {
            semaphore.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HsmException(
                    Kind.TOKEN_ERROR,
                    "The " + slot.describe() + " was in use by another signing in this process, and the wait for it was"
                            + " interrupted, so nothing was done.");
        }
        return new Lease(semaphore);
    }

    /** The hold on one token's login; closing it lets the next waiting login in. */
    static final class Lease implements AutoCloseable {

        static final Lease NONE = new Lease(null);

        private final Semaphore semaphore;
        private boolean released;

        private Lease(Semaphore semaphore) {
            this.semaphore = semaphore;
        }

        @Override
        public synchronized void close() {
            if (semaphore != null && !released) {
                released = true;
                semaphore.release();
            }
        }
    }

    private List<TokenKey> listKeys(TokenSession session, boolean withPrivateKeys) throws Pkcs11Failure {
        Set<String> certificateIds = new LinkedHashSet<>();
        for (long certificate : session.find(Pkcs11Library.CKO_CERTIFICATE, Optional.empty(), Optional.empty())) {
            session.attribute(certificate, Pkcs11Library.CKA_ID)
                    .filter(id -> id.length > 0)
                    .ifPresent(id -> certificateIds.add(HexFormat.of().formatHex(id)));
        }

        List<TokenKey> keys = new ArrayList<>();
        if (withPrivateKeys) {
            addKeys(session, Pkcs11Library.CKO_PRIVATE_KEY, TokenKey.ObjectClass.PRIVATE_KEY, certificateIds, keys);
        }
        addKeys(session, Pkcs11Library.CKO_PUBLIC_KEY, TokenKey.ObjectClass.PUBLIC_KEY, certificateIds, keys);
        keys.sort(Comparator.comparing(TokenKey::label)
                .thenComparing(TokenKey::idHex)
                .thenComparing(TokenKey::objectClass));
        return keys;
    }

    private static void addKeys(
            TokenSession session,
            long objectClass,
            TokenKey.ObjectClass kind,
            Set<String> certificateIds,
            List<TokenKey> keys)
            throws Pkcs11Failure {
        for (long object : session.find(objectClass, Optional.empty(), Optional.empty())) {
            String label =
                    session.textAttribute(object, Pkcs11Library.CKA_LABEL).orElse("");
            String id = session.attribute(object, Pkcs11Library.CKA_ID)
                    .map(HexFormat.of()::formatHex)
                    .orElse("");
            String type = KeyDescription.read(session, object).text();
            keys.add(new TokenKey(label, id, kind, type, !id.isEmpty() && certificateIds.contains(id)));
        }
    }

    private List<Long> slotIds() throws HsmException {
        NativeLongByReference count = new NativeLongByReference();
        for (int attempt = 0; attempt < 3; attempt++) {
            long rv = library.C_GetSlotList((byte) 0, null, count).longValue();
            if (rv != CryptokiReturn.CKR_OK) {
                throw slotListFailure(rv);
            }
            NativeLong[] ids = new NativeLong[Math.max(1, count.getValue().intValue())];
            rv = library.C_GetSlotList((byte) 0, ids, count).longValue();
            if (rv == CryptokiReturn.CKR_BUFFER_TOO_SMALL) {
                continue; // a slot appeared between the two calls
            }
            if (rv != CryptokiReturn.CKR_OK) {
                throw slotListFailure(rv);
            }
            List<Long> slots = new ArrayList<>();
            for (int i = 0; i < count.getValue().intValue(); i++) {
                slots.add(ids[i].longValue());
            }
            return slots;
        }
        throw slotListFailure(CryptokiReturn.CKR_BUFFER_TOO_SMALL);
    }

    private HsmException slotListFailure(long rv) {
        return new Pkcs11Failure("C_GetSlotList", rv)
                .toHsmException("The PKCS#11 module " + path, "its slots could not be listed");
    }

    private static Predicate<TokenSlot> matcher(Pkcs11Uri uri) {
        return slot -> (uri.slotId().isEmpty() || uri.slotId().getAsLong() == slot.slotId())
                && uri.token().map(slot.label()::equals).orElse(true)
                && uri.manufacturer().map(slot.manufacturer()::equals).orElse(true)
                && uri.model().map(slot.model()::equals).orElse(true)
                && uri.serial().map(slot.serial()::equals).orElse(true);
    }

    private static String tokenTerms(Pkcs11Uri uri) {
        List<String> terms = new ArrayList<>();
        uri.token().ifPresent(label -> terms.add("token='" + label + "'"));
        uri.manufacturer().ifPresent(value -> terms.add("manufacturer='" + value + "'"));
        uri.model().ifPresent(value -> terms.add("model='" + value + "'"));
        uri.serial().ifPresent(value -> terms.add("serial='" + value + "'"));
        uri.slotId().ifPresent(id -> terms.add("slot-id=" + Long.toUnsignedString(id)));
        return String.join(" and ", terms);
    }

    private static String labels(List<TokenSlot> slots) {
        if (slots.isEmpty()) {
            return "none";
        }
        return String.join(
                ", ", slots.stream().map(slot -> "'" + slot.label() + "'").toList());
    }

    private static String describeAll(List<TokenSlot> slots) {
        return String.join(
                ", ",
                slots.stream()
                        .map(slot -> "'" + slot.label() + "' serial " + slot.serial() + " in slot "
                                + Long.toUnsignedString(slot.slotId()))
                        .toList());
    }

    private static void initialize(Path path, Pkcs11Library library) throws HsmException {
        CK_C_INITIALIZE_ARGS arguments = new CK_C_INITIALIZE_ARGS();
        arguments.flags = new NativeLong(Pkcs11Library.CKF_OS_LOCKING_OK);
        long rv;
        try {
            rv = library.C_Initialize(arguments).longValue();
        } catch (UnsatisfiedLinkError e) {
            throw notLoadable(path, "it is not a PKCS#11 module: it has no C_Initialize function");
        }
        if (rv != CryptokiReturn.CKR_OK && rv != CryptokiReturn.CKR_CRYPTOKI_ALREADY_INITIALIZED) {
            throw notLoadable(path, "its C_Initialize failed with " + CryptokiReturn.name(rv));
        }
    }

    private static HsmException notLoadable(Path path, String reason) {
        return new HsmException(
                Kind.MODULE_NOT_LOADABLE,
                "The PKCS#11 module " + path + " cannot be used: " + reason + ", so no token can be reached.");
    }

    private static String firstLine(String text) {
        String message = Objects.requireNonNullElse(text, "no reason given");
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
