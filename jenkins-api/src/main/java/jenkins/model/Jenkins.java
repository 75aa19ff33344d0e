package jenkins.model;

import hudson.model.Item;
import hudson.security.AccessControlled;
import hudson.security.Permission;
import java.io.File;

public class Jenkins implements AccessControlled {
    public static final Permission ADMINISTER = null;

    private Jenkins() {}

    public static Jenkins get() throws IllegalStateException {
        throw new UnsupportedOperationException();
    }

    public File getRootDir() {
        throw new UnsupportedOperationException();
    }

    public <T extends Item> Iterable<T> allItems(Class<T> type) {
        throw new UnsupportedOperationException();
    }
}
