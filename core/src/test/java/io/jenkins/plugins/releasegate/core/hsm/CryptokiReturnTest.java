package io.jenkins.plugins.releasegate.core.hsm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CryptokiReturnTest {

    @Test
    void namesStandardValues() {
        assertThat(CryptokiReturn.name(0xA0)).isEqualTo("CKR_PIN_INCORRECT");
        assertThat(CryptokiReturn.name(0xA4)).isEqualTo("CKR_PIN_LOCKED");
        assertThat(CryptokiReturn.name(0x191)).isEqualTo("CKR_CRYPTOKI_ALREADY_INITIALIZED");
        assertThat(CryptokiReturn.name(0x1B8)).isEqualTo("CKR_PIN_TOO_WEAK");
        assertThat(CryptokiReturn.name(0x202)).isEqualTo("CKR_OPERATION_CANCEL_FAILED");
    }

    @Test
    void showsVendorAndUnknownValuesInHexadecimal() {
        assertThat(CryptokiReturn.name(0x80000012L)).isEqualTo("CKR_VENDOR_DEFINED+0x12");
        assertThat(CryptokiReturn.name(0x4711)).isEqualTo("CKR_0x4711");
    }

    @Test
    void readsNamesBack() {
        assertThat(CryptokiReturn.valueOf("CKR_DEVICE_REMOVED")).hasValue(0x32);
        assertThat(CryptokiReturn.valueOf("CKR_NOT_A_VALUE")).isEmpty();
    }

    @Test
    void tellsWhichValuesMeanTheTokenIsGone() {
        assertThat(CryptokiReturn.meansTokenGone(0x32)).isTrue();
        assertThat(CryptokiReturn.meansTokenGone(0xE0)).isTrue();
        assertThat(CryptokiReturn.meansTokenGone(0xB3)).isTrue();
        assertThat(CryptokiReturn.meansTokenGone(0x101)).isTrue();
        assertThat(CryptokiReturn.meansTokenGone(0xA0)).isFalse();
        assertThat(CryptokiReturn.meansTokenGone(0x70)).isFalse();
    }
}
