package io.jenkins.plugins.releasegate.core.hsm;

import io.jenkins.plugins.releasegate.core.hsm.HsmException.Kind;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A PKCS#11 URI (RFC 7512) naming a token and a key on it, such as {@code pkcs11:token=release;object=signing}.
 *
 * <p>Understood: the token attributes {@code token}, {@code manufacturer}, {@code model}, {@code serial} and
 * {@code slot-id}; the object attributes {@code object} (the label), {@code id} (percent-encoded bytes) and
 * {@code type} ({@code private} or {@code cert}); and the query attribute {@code module-path}. A URI with
 * {@code pin-value} or {@code pin-source} is refused, because a PIN comes only from an environment variable or a
 * file; so is any other attribute, rather than silently matching more than it says. Immutable; {@link #toString()}
 * gives the canonical form, which never holds a secret.
 */
public final class Pkcs11Uri {

    private static final String SCHEME = "pkcs11:";
    private static final Set<String> PATH_ATTRIBUTES =
            Set.of("token", "manufacturer", "model", "serial", "slot-id", "object", "id", "type");
    private static final Set<String> QUERY_ATTRIBUTES = Set.of("module-path");
    private static final Set<String> PIN_ATTRIBUTES = Set.of("pin-value", "pin-source");
    private static final Set<String> OBJECT_TYPES = Set.of("private", "cert");

    private final Map<String, String> path;
    private final byte[] id;
    private final Long slotId;
    private final Path modulePath;

    private Pkcs11Uri(Map<String, String> path, byte[] id, Long slotId, Path modulePath) {
        this.path = Map.copyOf(path);
        this.id = id == null ? null : id.clone();
        this.slotId = slotId;
        this.modulePath = modulePath;
    }

    /**
     * Parses a URI.
     *
     * @throws HsmException of kind {@link Kind#INVALID_URI} saying which part is wrong; the message never repeats a
     *     PIN the text may hold
     */
    public static Pkcs11Uri parse(String text) throws HsmException {
        if (text == null || !text.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw invalid("The key must be named by a PKCS#11 URI starting with pkcs11:, such as"
                    + " pkcs11:token=release;object=signing, so nothing was done.");
        }
        String rest = text.substring(SCHEME.length());
        int question = rest.indexOf('?');
        String pathPart = question < 0 ? rest : rest.substring(0, question);
        String queryPart = question < 0 ? "" : rest.substring(question + 1);

        Map<String, String> rawPath = split(pathPart, ";", "path");
        Map<String, String> rawQuery = split(queryPart, "&", "query");
        refusePin(rawPath.keySet());
        refusePin(rawQuery.keySet());
        refuseUnknown(rawPath.keySet(), PATH_ATTRIBUTES, "path");
        refuseUnknown(rawQuery.keySet(), QUERY_ATTRIBUTES, "query");

        Map<String, String> path = new LinkedHashMap<>();
        byte[] id = null;
        Long slotId = null;
        for (Map.Entry<String, String> attribute : rawPath.entrySet()) {
            String name = attribute.getKey();
            byte[] value = percentDecode(name, attribute.getValue());
            if (name.equals("id")) {
                id = requireNonEmpty(name, value);
            } else {
                String decoded = utf8(name, value);
                requireNonEmpty(name, value);
                if (name.equals("slot-id")) {
                    slotId = slotNumber(decoded);
                } else if (name.equals("type") && !OBJECT_TYPES.contains(decoded)) {
                    throw invalid("The PKCS#11 URI asks for objects of type " + decoded + ", but a signing key is"
                            + " named by type=private or type=cert, so nothing was done.");
                }
                path.put(name, decoded);
            }
        }
        Path modulePath = null;
        if (rawQuery.containsKey("module-path")) {
            modulePath = modulePath(utf8("module-path", percentDecode("module-path", rawQuery.get("module-path"))));
        }
        return new Pkcs11Uri(path, id, slotId, modulePath);
    }

    /** The token's label, as {@code CK_TOKEN_INFO} gives it without its padding. */
    public Optional<String> token() {
        return Optional.ofNullable(path.get("token"));
    }

    public Optional<String> manufacturer() {
        return Optional.ofNullable(path.get("manufacturer"));
    }

    public Optional<String> model() {
        return Optional.ofNullable(path.get("model"));
    }

    public Optional<String> serial() {
        return Optional.ofNullable(path.get("serial"));
    }

    /** The object's label ({@code CKA_LABEL}). */
    public Optional<String> object() {
        return Optional.ofNullable(path.get("object"));
    }

    /** The object's {@code CKA_ID}, a copy. */
    public Optional<byte[]> id() {
        return Optional.ofNullable(id).map(byte[]::clone);
    }

    public Optional<String> idHex() {
        return Optional.ofNullable(id).map(HexFormat.of()::formatHex);
    }

    public OptionalLong slotId() {
        return slotId == null ? OptionalLong.empty() : OptionalLong.of(slotId);
    }

    public Optional<Path> modulePath() {
        return Optional.ofNullable(modulePath);
    }

    /** Whether the URI says anything about which token it means. */
    public boolean namesToken() {
        return slotId != null
                || path.containsKey("token")
                || path.containsKey("manufacturer")
                || path.containsKey("model")
                || path.containsKey("serial");
    }

    /** Whether the URI names a key by label or id. */
    public boolean namesKey() {
        return id != null || path.containsKey("object");
    }

    /** The same URI with another {@code CKA_ID}. */
    Pkcs11Uri withId(byte[] newId) {
        return new Pkcs11Uri(path, newId, slotId, modulePath);
    }

    /** How messages name the key: its label, its id, or both. */
    String keyName() {
        StringBuilder name = new StringBuilder();
        object().ifPresent(label -> name.append('\'').append(label).append('\''));
        idHex().ifPresent(hex ->
                name.append(name.length() == 0 ? "" : " ").append("with id ").append(hex));
        return name.length() == 0 ? "(no label or id)" : name.toString();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Pkcs11Uri that
                && path.equals(that.path)
                && Arrays.equals(id, that.id)
                && Objects.equals(slotId, that.slotId)
                && Objects.equals(modulePath, that.modulePath);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, Arrays.hashCode(id), slotId, modulePath);
    }

    /** The canonical form: the attributes in a fixed order, percent-encoded where needed, {@code id} always. */
    @Override
    public String toString() {
        StringBuilder uri = new StringBuilder(SCHEME);
        String separator = "";
        for (String name : new String[] {"token", "manufacturer", "model", "serial", "slot-id", "object", "type"}) {
            String value = path.get(name);
            if (value != null) {
                uri.append(separator).append(name).append('=').append(percentEncode(value, false));
                separator = ";";
            }
        }
        if (id != null) {
            uri.append(separator).append("id=");
            for (byte b : id) {
                uri.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        if (modulePath != null) {
            uri.append("?module-path=").append(percentEncode(modulePath.toString(), true));
        }
        return uri.toString();
    }

    private static Map<String, String> split(String part, String separator, String where) throws HsmException {
        Map<String, String> attributes = new LinkedHashMap<>();
        if (part.isEmpty()) {
            return attributes;
        }
        for (String attribute : part.split(separator, -1)) {
            int equals = attribute.indexOf('=');
            String name = (equals < 0 ? attribute : attribute.substring(0, equals)).toLowerCase(Locale.ROOT);
            if (PIN_ATTRIBUTES.contains(name)) {
                refusePin(Set.of(name));
            }
            if (equals < 0) {
                throw invalid("The PKCS#11 URI has a " + where + " attribute without a value (" + shorten(attribute)
                        + "), so nothing was done.");
            }
            if (attributes.put(name, attribute.substring(equals + 1)) != null) {
                throw invalid("The PKCS#11 URI names " + name + " twice, so nothing was done.");
            }
        }
        return attributes;
    }

    private static void refusePin(Set<String> names) throws HsmException {
        for (String name : names) {
            if (PIN_ATTRIBUTES.contains(name)) {
                throw invalid("The PKCS#11 URI carries a PIN (" + name + "), which is never taken from a URI, so"
                        + " nothing was done: remove it and give the PIN through an environment variable or a"
                        + " file.");
            }
        }
    }

    private static void refuseUnknown(Set<String> names, Set<String> known, String where) throws HsmException {
        for (String name : names) {
            if (!known.contains(name)) {
                throw invalid("The PKCS#11 URI has the " + where + " attribute " + shorten(name)
                        + ", which is not supported here (supported: " + String.join(", ", sorted(known))
                        + "), so nothing was done.");
            }
        }
    }

    private static byte[] percentDecode(String name, String value) throws HsmException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int i = 0;
        while (i < value.length()) {
            int percent = value.indexOf('%', i);
            int end = percent < 0 ? value.length() : percent;
            bytes.writeBytes(value.substring(i, end).getBytes(StandardCharsets.UTF_8));
            if (percent < 0) {
                break;
            }
            if (percent + 2 >= value.length()) {
                throw badEncoding(name);
            }
            try {
                bytes.write(HexFormat.fromHexDigits(value, percent + 1, percent + 3));
            } catch (IllegalArgumentException e) {
                throw badEncoding(name);
            }
            i = percent + 3;
        }
        return bytes.toByteArray();
    }

    private static String utf8(String name, byte[] value) throws HsmException {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(value))
                    .toString();
        } catch (CharacterCodingException e) {
            throw invalid(
                    "The PKCS#11 URI's " + name + " is not UTF-8 text once percent-decoded, so nothing was" + " done.");
        }
    }

    private static byte[] requireNonEmpty(String name, byte[] value) throws HsmException {
        if (value.length == 0) {
            throw invalid("The PKCS#11 URI's " + name + " is empty, so nothing was done.");
        }
        return value;
    }

    private static long slotNumber(String text) throws HsmException {
        try {
            return Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
            throw invalid("The PKCS#11 URI's slot-id is " + shorten(text) + ", not a decimal number, so nothing was"
                    + " done.");
        }
    }

    private static Path modulePath(String text) throws HsmException {
        try {
            return Path.of(text);
        } catch (InvalidPathException e) {
            throw invalid("The PKCS#11 URI's module-path " + shorten(text) + " is not a valid path here, so nothing"
                    + " was done.");
        }
    }

    private static HsmException badEncoding(String name) {
        return invalid("The PKCS#11 URI's " + name + " has a % that is not followed by two hexadecimal digits, so"
                + " nothing was done.");
    }

    /** Encodes all but the unreserved characters; a query value may keep its slashes, a path value may not. */
    private static String percentEncode(String value, boolean keepSlash) {
        StringBuilder encoded = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            boolean unreserved = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || c == '-'
                    || c == '.'
                    || c == '_'
                    || c == '~'
                    || (keepSlash && c == '/');
            if (unreserved) {
                encoded.append(c);
            } else {
                encoded.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
        }
        return encoded.toString();
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? "'" + text + "'" : "'" + text.substring(0, 40) + "...'";
    }

    private static String[] sorted(Set<String> names) {
        return names.stream().sorted().toArray(String[]::new);
    }

    private static HsmException invalid(String message) {
        return new HsmException(Kind.INVALID_URI, message);
    }
}
