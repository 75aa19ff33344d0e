package io.jenkins.plugins.releasegate.core.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every way in that takes a PIN refuses a wrong one once, says so without the PIN, and clears the PIN it was given;
 * nothing the engine writes holds the PIN either.
 */
class PinSecrecyTest {

    private static SoftHsmToken token;
    private static String label;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeKey() throws Exception {
        token = SoftHsmToken.get(SoftHsmToken.Name.WRONG_PIN);
        label = TokenFixtures.uniqueLabel("secret-keeper");
        TokenFixtures.keyWithCertificate(token, label, KeyType.EC_P256);
    }

    @Test
    void listingKeysWithWrongPin() throws Exception {
        Pin wrong = wrongPin();
        Pkcs11Module module = TokenFixtures.module();
        TokenSlot slot = module.find(uri());

        assertRefusedWithoutPin(() -> module.keys(slot, Optional.of(wrong)), wrong);
    }

    @Test
    void makingKeyWithWrongPin() throws Exception {
        Pin wrong = wrongPin();
        Pkcs11Uri uri = Pkcs11Uri.parse(token.uri(TokenFixtures.uniqueLabel("never-made")));

        assertRefusedWithoutPin(
                () -> HsmKeys.generate(TokenFixtures.module(), uri, KeyType.EC_P256, wrong, HsmKeys.SelfSigned.of("x")),
                wrong);
    }

    @Test
    void importingCertificateWithWrongPin() throws Exception {
        Pin wrong = wrongPin();
        Path certificate = anyCertificateFile(dir);

        assertRefusedWithoutPin(
                () -> HsmKeys.importCertificate(TokenFixtures.module(), uri(), wrong, certificate), wrong);
    }

    @Test
    void openingSignerWithWrongPin() throws Exception {
        Pin wrong = wrongPin();

        assertRefusedWithoutPin(() -> HsmSigner.open(SoftHsmToken.module(), uri(), wrong, List.of()), wrong);
    }

    @Test
    void signaturesAndRequestsDoNotHoldThePin() throws Exception {
        Path artifact = TokenFixtures.randomFile(dir, "app.jar", 10_000);
        try (HsmSigner signer = HsmSigner.open(SoftHsmToken.module(), uri(), token.newPin(), List.of())) {
            signer.signAll(List.of(artifact));
        }
        Path request = dir.resolve("key.csr");
        HsmKeys.generate(
                TokenFixtures.module(),
                Pkcs11Uri.parse(token.uri(TokenFixtures.uniqueLabel("requested"))),
                KeyType.EC_P256,
                token.newPin(),
                new HsmKeys.Csr("requested", request));

        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1))
                        .as(file.toString())
                        .doesNotContain(token.pin());
            }
        }
    }

    private interface PinUse {
        void run() throws Exception;
    }

    private static void assertRefusedWithoutPin(PinUse use, Pin pin) {
        HsmException refused = catchThrowableOfType(HsmException.class, use::run);

        assertThat(refused).isNotNull();
        assertThat(refused.kind()).isEqualTo(HsmException.Kind.PIN_INCORRECT);
        assertThat(refused.getMessage())
                .contains("did not accept the PIN")
                .doesNotContain(token.pin())
                .doesNotContain("wrong-pin-" + token.pin());
        assertThat(pin.isCleared()).isTrue();
        assertThat(pin).hasToString("Pin[cleared]");
    }

    private static Pin wrongPin() throws HsmException {
        return Pin.of(("wrong-pin-" + token.pin()).toCharArray());
    }

    private static Pkcs11Uri uri() throws HsmException {
        return Pkcs11Uri.parse(token.uri(label));
    }

    /** Any certificate file; the PIN is refused before the certificate is compared with the key. */
    private static Path anyCertificateFile(Path dir) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return TokenFixtures.writePem(
                dir.resolve("any.pem"),
                TokenFixtures.issuedBySoftwareCa(generator.generateKeyPair().getPublic(), "any"));
    }
}
