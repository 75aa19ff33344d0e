package io.jenkins.plugins.releasegate.core.hsm;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import io.jenkins.plugins.releasegate.core.hsm.Pkcs11Library.CK_ATTRIBUTE;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code CK_ATTRIBUTE} array being put together for a search, a new object or a key pair. The values live in
 * native memory that the structures reference, so they stay alive as long as the array does.
 */
final class AttributeTemplate {

    private record Value(long type, byte[] bytes) {}

    private final List<Value> values = new ArrayList<>();

    AttributeTemplate bool(long type, boolean value) {
        values.add(new Value(type, new byte[] {(byte) (value ? 1 : 0)}));
        return this;
    }

    AttributeTemplate ulong(long type, long value) {
        Memory memory = new Memory(Native.LONG_SIZE);
        memory.setNativeLong(0, new NativeLong(value));
        values.add(new Value(type, memory.getByteArray(0, Native.LONG_SIZE)));
        return this;
    }

    AttributeTemplate bytes(long type, byte[] value) {
        values.add(new Value(type, value.clone()));
        return this;
    }

    AttributeTemplate text(long type, String value) {
        return bytes(type, value.getBytes(StandardCharsets.UTF_8));
    }

    int size() {
        return values.size();
    }

    /** A contiguous array for the call, or {@code null} for an empty template, as Cryptoki allows. */
    CK_ATTRIBUTE[] toArray() {
        if (values.isEmpty()) {
            return null;
        }
        CK_ATTRIBUTE[] array = (CK_ATTRIBUTE[]) new CK_ATTRIBUTE().toArray(values.size());
        for (int i = 0; i < values.size(); i++) {
            Value value = values.get(i);
            array[i].type = new NativeLong(value.type());
            array[i].ulValueLen = new NativeLong(value.bytes().length);
            if (value.bytes().length > 0) {
                Memory memory = new Memory(value.bytes().length);
                memory.write(0, value.bytes(), 0, value.bytes().length);
                array[i].pValue = memory;
            }
            array[i].write();
        }
        return array;
    }
}
