package hudson.model;

import net.sf.json.JSONObject;
import org.kohsuke.stapler.StaplerRequest2;

public abstract class Descriptor<T extends Describable<T>> {
    protected Descriptor() {}

    public String getDisplayName() {
        throw new UnsupportedOperationException();
    }

    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        throw new UnsupportedOperationException();
    }

    public synchronized void save() {}

    public synchronized void load() {}

    public static final class FormException extends Exception {
        private final String formField;

        public FormException(String message, String formField) {
            super(message);
            this.formField = formField;
        }

        public String getFormField() {
            return formField;
        }
    }
}
