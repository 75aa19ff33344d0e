package hudson.util;

import java.io.Serializable;

public final class Secret implements Serializable {
    private Secret() {}

    public String getPlainText() {
        throw new UnsupportedOperationException();
    }
}
