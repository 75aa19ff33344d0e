package io.jenkins.plugins.releasegate.core.hsm;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Real SoftHSM2 tokens for tests, made once per test JVM in a fresh token folder that is deleted when the JVM ends.
 *
 * <p>SoftHSM reads {@code SOFTHSM2_CONF} from the process environment when the module is initialized, and it sees
 * only the tokens that exist at that moment. So Maven's surefire sets {@code SOFTHSM2_CONF} to a file under
 * {@code target/}, and this fixture writes that file and makes every token of its {@link Name catalogue} with
 * {@code softhsm2-util} before it hands out the module's path, which is what loads the module. Tests take the module
 * only through {@link #module()}.
 *
 * <p>Where SoftHSM2 or its configuration is missing, tests that use it are skipped with the reason; when the
 * environment variable {@code CI} is set they fail instead, so that a build server cannot pass without them.
 */
public final class SoftHsmToken {

    /** The tokens every test JVM gets; each has its own PIN. */
    public enum Name {
        /** Keys for signing tests, made by each test under its own label. */
        RELEASE("release"),
        /** A second token, so that finding a token by label has something to tell apart. */
        SECOND("second"),
        /** A token that tests offer wrong PINs to. */
        WRONG_PIN("wrong-pin"),
        /** A token whose user PIN is locked. */
        LOCKED("locked"),
        /** Two tokens with this same label. */
        TWIN("twin"),
        /** Keys for benchmarks. */
        BENCH("bench");

        private final String label;

        Name(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private static final List<Path> MODULE_CANDIDATES = List.of(
            Path.of("/usr/lib/softhsm/libsofthsm2.so"),
            Path.of("/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so"),
            Path.of("/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so"),
            Path.of("/usr/lib64/softhsm/libsofthsm2.so"),
            Path.of("/usr/lib64/pkcs11/libsofthsm2.so"),
            Path.of("/usr/local/lib/softhsm/libsofthsm2.so"),
            Path.of("/opt/homebrew/lib/softhsm/libsofthsm2.so"));

    /** The SoftHSM flag that {@code C_GetTokenInfo} reports as {@code CKF_USER_PIN_LOCKED}. */
    private static final long CKF_USER_PIN_LOCKED = 0x40000;

    /** SoftHSM's vendor attribute for the token flags in its {@code token.object} file. */
    private static final long SOFTHSM_TOKEN_FLAGS = 0x80000000L + 0x5348 + 3;

    private static final long SOFTHSM_ULONG_ATTRIBUTE = 2;

    private static Setup setup;

    private final String label;
    private final String pin;

    private SoftHsmToken(String label, String pin) {
        this.label = label;
        this.pin = pin;
    }

    /** The module's path, after every token of the catalogue was made; skips or fails the test where it cannot be. */
    public static synchronized Path module() {
        Setup ready = setup();
        return ready.module();
    }

    /** A token of the catalogue. */
    public static synchronized SoftHsmToken get(Name name) {
        module();
        return setup.tokens().get(name);
    }

    /** Why SoftHSM2 cannot be used here, or empty when it can. */
    public static synchronized Optional<String> unavailable() {
        return setup().problem();
    }

    public String label() {
        return label;
    }

    /** The user PIN, a random string no other text in a test run contains. */
    public String pin() {
        return pin;
    }

    /** A fresh {@link Pin} holding the user PIN. */
    public Pin newPin() {
        try {
            return Pin.of(pin.toCharArray());
        } catch (HsmException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** The URI of an object on this token. */
    public String uri(String object) {
        return "pkcs11:token=" + label + ";object=" + object;
    }

    /** Runs {@code pkcs11-tool} against this token, logged in, and returns its output. */
    public String pkcs11Tool(Path folder, String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                "pkcs11-tool", "--module", module().toString(), "--token-label", label, "--login", "--pin", pin));
        command.addAll(List.of(arguments));
        return ToolRun.run(folder, command);
    }

    private static Setup setup() {
        if (setup == null) {
            setup = Setup.make();
        }
        Optional<String> problem = setup.problem();
        if (problem.isPresent()) {
            if (System.getenv("CI") != null) {
                fail("SoftHSM2 tests cannot run, and CI is set, so they fail rather than skip: " + problem.get());
            }
            assumeTrue(false, "Skipped: " + problem.get());
        }
        return setup;
    }

    private record Setup(Path module, Path tokenFolder, Map<Name, SoftHsmToken> tokens, Optional<String> problem) {

        static Setup make() {
            Optional<Path> module =
                    MODULE_CANDIDATES.stream().filter(Files::isRegularFile).findFirst();
            if (module.isEmpty()) {
                return failed("the SoftHSM2 module libsofthsm2.so is not installed (looked in " + MODULE_CANDIDATES
                        + "); install the softhsm2 package");
            }
            String configuration = System.getenv("SOFTHSM2_CONF");
            if (configuration == null) {
                return failed("SOFTHSM2_CONF is not set in this JVM's environment; run the tests through Maven,"
                        + " whose surefire configuration sets it");
            }
            try {
                ToolRun.run(Path.of("."), List.of("softhsm2-util", "--version"));
            } catch (IOException | AssertionError e) {
                return failed("softhsm2-util cannot be run (" + e.getMessage() + "); install the softhsm2 package");
            }

            try {
                Path tokenFolder = Files.createTempDirectory("release-gate-softhsm-");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(tokenFolder)));
                Path configurationFile = Path.of(configuration);
                Files.createDirectories(configurationFile.toAbsolutePath().getParent());
                Files.writeString(
                        configurationFile,
                        "directories.tokendir = " + tokenFolder + "\n"
                                + "objectstore.backend = file\n"
                                + "log.level = ERROR\n"
                                + "slots.removable = false\n");

                Map<Name, SoftHsmToken> tokens = new LinkedHashMap<>();
                for (Name name : Name.values()) {
                    SoftHsmToken token = new SoftHsmToken(name.label(), randomSecret("pin"));
                    initialize(tokenFolder, token);
                    if (name == Name.TWIN) {
                        initialize(tokenFolder, new SoftHsmToken(name.label(), randomSecret("pin")));
                    }
                    tokens.put(name, token);
                }
                lockUserPin(tokenFolder, Name.LOCKED.label());
                return new Setup(module.get(), tokenFolder, Map.copyOf(tokens), Optional.empty());
            } catch (IOException | AssertionError e) {
                return failed("the SoftHSM2 tokens could not be made (" + e.getMessage() + ")");
            }
        }

        private static Setup failed(String problem) {
            return new Setup(null, null, Map.of(), Optional.of(problem));
        }
    }

    private static void initialize(Path tokenFolder, SoftHsmToken token) throws IOException {
        ToolRun.run(
                tokenFolder,
                List.of(
                        "softhsm2-util",
                        "--init-token",
                        "--free",
                        "--label",
                        token.label(),
                        "--pin",
                        token.pin(),
                        "--so-pin",
                        randomSecret("so")));
    }

    /**
     * SoftHSM never locks a PIN by itself, however many wrong PINs it is given, so the locked state is written into
     * the token's own file, as a token that locked would hold it; SoftHSM then reports the flag.
     */
    private static void lockUserPin(Path tokenFolder, String label) throws IOException {
        byte[] paddedLabel = String.format("%-32s", label).getBytes(StandardCharsets.US_ASCII);
        List<Path> tokenObjects;
        try (Stream<Path> files = Files.walk(tokenFolder)) {
            tokenObjects = files.filter(file -> file.getFileName().toString().equals("token.object"))
                    .toList();
        }
        for (Path tokenObject : tokenObjects) {
            byte[] content = Files.readAllBytes(tokenObject);
            if (indexOf(content, paddedLabel, 0) < 0) {
                continue;
            }
            ByteBuffer marker =
                    ByteBuffer.allocate(16).putLong(SOFTHSM_TOKEN_FLAGS).putLong(SOFTHSM_ULONG_ATTRIBUTE);
            int at = indexOf(content, marker.array(), 0);
            if (at < 0) {
                throw new IOException(tokenObject + " has no token flags where SoftHSM 2 keeps them");
            }
            ByteBuffer bytes = ByteBuffer.wrap(content);
            bytes.putLong(at + 16, bytes.getLong(at + 16) | CKF_USER_PIN_LOCKED);
            Files.write(tokenObject, content);
            return;
        }
        throw new IOException("no token labelled " + label + " was found in " + tokenFolder);
    }

    private static int indexOf(byte[] content, byte[] wanted, int from) {
        outer:
        for (int i = from; i <= content.length - wanted.length; i++) {
            for (int j = 0; j < wanted.length; j++) {
                if (content[i + j] != wanted[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static String randomSecret(String prefix) {
        byte[] random = new byte[8];
        new SecureRandom().nextBytes(random);
        return prefix + "-" + HexFormat.of().formatHex(random);
    }

    private static void deleteTree(Path folder) {
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // The JVM is ending; a folder left in the temporary directory is all that can go wrong.
        }
    }
}
