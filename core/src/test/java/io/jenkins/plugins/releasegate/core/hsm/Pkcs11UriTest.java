package io.jenkins.plugins.releasegate.core.hsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Pkcs11UriTest {

    @Test
    void readsTokenObjectIdSlotAndModulePath() throws HsmException {
        Pkcs11Uri uri = Pkcs11Uri.parse(
                "pkcs11:token=Release%20Token;object=signing;id=%01%A0z;slot-id=42?module-path=/opt/hsm/lib%20x.so");

        assertThat(uri.token()).contains("Release Token");
        assertThat(uri.object()).contains("signing");
        assertThat(uri.id()).hasValueSatisfying(id -> assertThat(id).containsExactly(0x01, 0xA0, 'z'));
        assertThat(uri.idHex()).contains("01a07a");
        assertThat(uri.slotId()).hasValue(42);
        assertThat(uri.modulePath()).contains(Path.of("/opt/hsm/lib x.so"));
        assertThat(uri.namesToken()).isTrue();
        assertThat(uri.namesKey()).isTrue();
    }

    @Test
    void schemeIsCaseInsensitiveAndAttributesAreOptional() throws HsmException {
        Pkcs11Uri uri = Pkcs11Uri.parse("PKCS11:");

        assertThat(uri.token()).isEmpty();
        assertThat(uri.namesToken()).isFalse();
        assertThat(uri.namesKey()).isFalse();
    }

    @Test
    void printsCanonicalFormThatParsesBackToTheSameUri() throws HsmException {
        Pkcs11Uri uri = Pkcs11Uri.parse("pkcs11:object=code%20signing;token=a/b;id=AB?module-path=/usr/lib/x.so");

        assertThat(uri).hasToString("pkcs11:token=a%2Fb;object=code%20signing;id=%41%42?module-path=/usr/lib/x.so");
        assertThat(Pkcs11Uri.parse(uri.toString())).isEqualTo(uri).hasSameHashCodeAs(uri);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "pkcs11:token=release;object=signing?pin-value=s3cret-Pin-4711|pin-value",
                "pkcs11:token=release;object=signing?pin-source=file:/run/s3cret-Pin-4711|pin-source",
                "pkcs11:token=release;pin-value=s3cret-Pin-4711;object=signing|pin-value",
                "pkcs11:token=release;object=signing?module-path=/x&pin-value=s3cret-Pin-4711|pin-value"
            })
    void refusesPinInTheUriWithoutRepeatingIt(String text, String attribute) {
        assertThatThrownBy(() -> Pkcs11Uri.parse(text)).isInstanceOfSatisfying(HsmException.class, e -> {
            assertThat(e.kind()).isEqualTo(HsmException.Kind.INVALID_URI);
            assertThat(e.getMessage())
                    .contains("carries a PIN (" + attribute + ")")
                    .contains("give the PIN through an environment variable or a file")
                    .doesNotContain("s3cret");
        });
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "token=release|must be named by a PKCS#11 URI starting with pkcs11:",
                "pkcs11:token=release;token=other|names token twice",
                "pkcs11:token=release;library-version=3|has the path attribute 'library-version', which is not"
                        + " supported here (supported: id, manufacturer, model, object, serial, slot-id, token,"
                        + " type)",
                "pkcs11:token=release?module-name=softhsm2|has the query attribute 'module-name'",
                "pkcs11:token=release;object|has a path attribute without a value ('object')",
                "pkcs11:token=release;object=a%2|object has a % that is not followed by two hexadecimal digits",
                "pkcs11:token=release;object=a%zz|object has a % that is not followed by two hexadecimal digits",
                "pkcs11:token=;object=a|token is empty",
                "pkcs11:slot-id=first|slot-id is 'first', not a decimal number",
                "pkcs11:object=a;type=secret-key|asks for objects of type secret-key",
                "pkcs11:object=%FF%FE|object is not UTF-8 text"
            })
    void refusesWhatItCannotUseWithOneSentence(String text, String expected) {
        assertThatThrownBy(() -> Pkcs11Uri.parse(text)).isInstanceOfSatisfying(HsmException.class, e -> {
            assertThat(e.kind()).isEqualTo(HsmException.Kind.INVALID_URI);
            assertThat(e.getMessage()).contains(expected).endsWith(".");
        });
    }

    @Test
    void namesKeyByLabelAndId() throws HsmException {
        assertThat(Pkcs11Uri.parse("pkcs11:object=signing;id=%0A").keyName()).isEqualTo("'signing' with id 0a");
        assertThat(Pkcs11Uri.parse("pkcs11:id=%0A").keyName()).isEqualTo("with id 0a");
    }
}
