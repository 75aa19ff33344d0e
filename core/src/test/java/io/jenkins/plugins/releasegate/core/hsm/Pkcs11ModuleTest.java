package io.jenkins.plugins.releasegate.core.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Asks a real SoftHSM2 module for its slots, tokens and keys. */
class Pkcs11ModuleTest {

    @TempDir
    Path dir;

    @Test
    void listsSlotsWithTheirTokensWithoutLoggingIn() throws Exception {
        AtomicInteger logins = new AtomicInteger();
        Pkcs11Module module = TokenFixtures.countingLogins(logins);

        List<TokenSlot> slots = module.slots();

        assertThat(slots)
                .filteredOn(TokenSlot::initialized)
                .extracting(TokenSlot::label)
                .contains("release", "second", "wrong-pin", "locked", "bench")
                .containsOnlyOnce("release")
                .filteredOn("twin"::equals)
                .hasSize(2);
        assertThat(slots).filteredOn(slot -> !slot.initialized()).isNotEmpty();
        TokenSlot release = slots.stream()
                .filter(slot -> slot.label().equals("release"))
                .findFirst()
                .orElseThrow();
        assertThat(release.manufacturer()).isEqualTo("SoftHSM project");
        assertThat(release.model()).isEqualTo("SoftHSM v2");
        assertThat(release.serial()).isNotBlank();
        assertThat(release.flags()).contains(TokenFlag.INITIALIZED, TokenFlag.LOGIN_REQUIRED);
        assertThat(release.flags()).doesNotContain(TokenFlag.USER_PIN_LOCKED);
        assertThat(slots.stream()
                        .filter(slot -> slot.label().equals("locked"))
                        .findFirst()
                        .orElseThrow()
                        .flags())
                .contains(TokenFlag.USER_PIN_LOCKED);
        assertThat(logins).hasValue(0);
    }

    @Test
    void describesItself() throws Exception {
        Pkcs11Module.ModuleInfo info = TokenFixtures.module().info();

        assertThat(info.manufacturer()).isEqualTo("SoftHSM");
        assertThat(info.cryptokiVersion()).startsWith("2.");
    }

    @Test
    void findsTokenByLabelSerialOrSlotId() throws Exception {
        Pkcs11Module module = TokenFixtures.module();

        TokenSlot byLabel = module.find(Pkcs11Uri.parse("pkcs11:token=second"));
        TokenSlot bySlot = module.find(Pkcs11Uri.parse("pkcs11:slot-id=" + Long.toUnsignedString(byLabel.slotId())));
        TokenSlot bySerial = module.find(Pkcs11Uri.parse("pkcs11:serial=" + byLabel.serial()));

        assertThat(byLabel.label()).isEqualTo("second");
        assertThat(bySlot).isEqualTo(byLabel);
        assertThat(bySerial).isEqualTo(byLabel);
    }

    @Test
    void refusesLabelThatTwoTokensShare() throws Exception {
        Pkcs11Module module = TokenFixtures.module();

        assertThatThrownBy(() -> module.find(Pkcs11Uri.parse("pkcs11:token=twin;object=a")))
                .isInstanceOfSatisfying(HsmException.class, e -> {
                    assertThat(e.kind()).isEqualTo(HsmException.Kind.TOKEN_NOT_FOUND);
                    assertThat(e.getMessage())
                            .startsWith("2 tokens of the PKCS#11 module ")
                            .contains("match token='twin'")
                            .endsWith("add serial= or slot-id= to the URI to choose one.");
                });
    }

    @Test
    void refusesUriThatNamesNoTokenWhenThereAreSeveral() throws Exception {
        Pkcs11Module module = TokenFixtures.module();

        assertThatThrownBy(() -> module.find(Pkcs11Uri.parse("pkcs11:object=a")))
                .isInstanceOf(HsmException.class)
                .hasMessageContaining("tokens of the PKCS#11 module")
                .hasMessageContaining("match the URI pkcs11:object=a");
    }

    @Test
    void listsOnlyPublicObjectsWithoutPinAndPrivateKeysWithIt() throws Exception {
        SoftHsmToken token = SoftHsmToken.get(SoftHsmToken.Name.SECOND);
        String signing = TokenFixtures.uniqueLabel("listed");
        HsmKeys.GeneratedKey key = TokenFixtures.keyWithCertificate(token, signing, KeyType.EC_P384);
        String bare = TokenFixtures.uniqueLabel("listed-bare");
        token.pkcs11Tool(dir, "--keypairgen", "--key-type", "rsa:2048", "--label", bare, "--id", "beef");
        Pkcs11Module module = TokenFixtures.module();
        TokenSlot slot = module.find(Pkcs11Uri.parse("pkcs11:token=second"));

        List<TokenKey> publicOnly = module.keys(slot, Optional.empty());
        List<TokenKey> all = module.keys(slot, Optional.of(token.newPin()));

        String id = key.uri().idHex().orElseThrow();
        assertThat(publicOnly).extracting(TokenKey::objectClass).containsOnly(TokenKey.ObjectClass.PUBLIC_KEY);
        assertThat(publicOnly)
                .contains(new TokenKey(signing, id, TokenKey.ObjectClass.PUBLIC_KEY, "EC P-384", true))
                .contains(new TokenKey(bare, "beef", TokenKey.ObjectClass.PUBLIC_KEY, "RSA 2048", false));
        assertThat(all)
                .contains(new TokenKey(signing, id, TokenKey.ObjectClass.PRIVATE_KEY, "EC P-384", true))
                .contains(new TokenKey(bare, "beef", TokenKey.ObjectClass.PRIVATE_KEY, "RSA 2048", false))
                .containsAll(publicOnly);
    }

    @Test
    void refusesFileThatIsNoSharedLibrary() throws Exception {
        Path text = Files.writeString(dir.resolve("libfake.so"), "not a library");

        assertThatThrownBy(() -> Pkcs11Module.open(text)).isInstanceOfSatisfying(HsmException.class, e -> {
            assertThat(e.kind()).isEqualTo(HsmException.Kind.MODULE_NOT_LOADABLE);
            assertThat(e.getMessage())
                    .startsWith("The PKCS#11 module " + text + " cannot be used: it cannot be loaded as a"
                            + " shared library (")
                    .endsWith("), so no token can be reached.");
        });
    }

    @Test
    void refusesSharedLibraryThatIsNoPkcs11Module() throws Exception {
        Optional<Path> libz = Stream.of(
                        "/lib/x86_64-linux-gnu/libz.so.1",
                        "/usr/lib/x86_64-linux-gnu/libz.so.1",
                        "/lib64/libz.so.1",
                        "/usr/lib/libz.so.1",
                        "/usr/lib/aarch64-linux-gnu/libz.so.1")
                .map(Path::of)
                .filter(Files::isRegularFile)
                .findFirst();
        org.junit.jupiter.api.Assumptions.assumeTrue(libz.isPresent(), "Skipped: no libz.so.1 here to load");

        assertThatThrownBy(() -> Pkcs11Module.open(libz.get()))
                .isInstanceOf(HsmException.class)
                .hasMessageContaining("it is not a PKCS#11 module: it has no C_Initialize function");
    }

    @Test
    void choosesModulePathFromArgumentOrUri() throws Exception {
        Pkcs11Uri withPath = Pkcs11Uri.parse("pkcs11:token=a?module-path=/usr/lib/a.so");
        Pkcs11Uri withoutPath = Pkcs11Uri.parse("pkcs11:token=a");

        assertThat(Pkcs11Module.choosePath(Optional.empty(), withPath)).isEqualTo(Path.of("/usr/lib/a.so"));
        assertThat(Pkcs11Module.choosePath(Optional.of(Path.of("/usr/lib/a.so")), withPath))
                .isEqualTo(Path.of("/usr/lib/a.so"));
        assertThat(Pkcs11Module.choosePath(Optional.of(Path.of("/usr/lib/b.so")), withoutPath))
                .isEqualTo(Path.of("/usr/lib/b.so"));
        assertThatThrownBy(() -> Pkcs11Module.choosePath(Optional.of(Path.of("/usr/lib/b.so")), withPath))
                .hasMessage("The PKCS#11 module is named twice, as /usr/lib/b.so and in the URI's module-path as"
                        + " /usr/lib/a.so, so nothing was done: name it once.");
        assertThatThrownBy(() -> Pkcs11Module.choosePath(Optional.empty(), withoutPath))
                .hasMessageStartingWith("No PKCS#11 module was named");
    }
}
