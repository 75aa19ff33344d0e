package io.jenkins.plugins.releasegate.config;

import hudson.Extension;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import io.jenkins.plugins.releasegate.core.policy.PolicySettings;
import java.util.Objects;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * One exception of the global policy as the page and Configuration as Code hold it: a recorded decision with an
 * owner, a reason and an end date. The engine's policy reader judges it when the policy is saved.
 */
public final class ExceptionEntry extends AbstractDescribableImpl<ExceptionEntry> {

    private final String id;
    private final String waive;
    private final String reason;
    private final String owner;
    private final String expires;
    private String artifact = "";
    private String ticket = "";

    @DataBoundConstructor
    public ExceptionEntry(String id, String waive, String reason, String owner, String expires) {
        this.id = text(id);
        this.waive = text(waive);
        this.reason = text(reason);
        this.owner = text(owner);
        this.expires = text(expires);
    }

    static ExceptionEntry of(PolicySettings.ExceptionSettings settings) {
        ExceptionEntry entry = new ExceptionEntry(
                settings.id(), settings.waive(), settings.reason(), settings.owner(), settings.expires());
        entry.setArtifact(settings.artifact().equals("**") ? "" : settings.artifact());
        entry.setTicket(settings.ticket());
        return entry;
    }

    PolicySettings.ExceptionSettings settings() {
        return new PolicySettings.ExceptionSettings(id, waive, artifact, reason, owner, ticket, expires);
    }

    public String getId() {
        return id;
    }

    public String getWaive() {
        return waive;
    }

    public String getReason() {
        return reason;
    }

    public String getOwner() {
        return owner;
    }

    public String getExpires() {
        return expires;
    }

    public String getArtifact() {
        return artifact;
    }

    /** The artifacts it applies to, as an Ant pattern; blank for every artifact. */
    @DataBoundSetter
    public void setArtifact(String artifact) {
        this.artifact = text(artifact);
    }

    public String getTicket() {
        return ticket;
    }

    /** The ticket that records the decision; blank when there is none. */
    @DataBoundSetter
    public void setTicket(String ticket) {
        this.ticket = text(ticket);
    }

    private static String text(String value) {
        return Objects.requireNonNullElse(value, "").strip();
    }

    /** The row's form: each field checked alone by the policy reader's own rules, for administrators only. */
    @Extension
    public static final class DescriptorImpl extends Descriptor<ExceptionEntry> {

        @Override
        public String getDisplayName() {
            return Messages.ExceptionEntry_DisplayName();
        }

        @POST
        public FormValidation doCheckId(@QueryParameter String value) {
            return check("id", value);
        }

        @POST
        public FormValidation doCheckWaive(@QueryParameter String value) {
            return check("waive", value);
        }

        @POST
        public FormValidation doCheckArtifact(@QueryParameter String value) {
            return check("artifact", value);
        }

        @POST
        public FormValidation doCheckReason(@QueryParameter String value) {
            return check("reason", value);
        }

        @POST
        public FormValidation doCheckOwner(@QueryParameter String value) {
            return check("owner", value);
        }

        @POST
        public FormValidation doCheckTicket(@QueryParameter String value) {
            return check("ticket", value);
        }

        @POST
        public FormValidation doCheckExpires(@QueryParameter String value) {
            return check("expires", value);
        }

        private static FormValidation check(String field, String value) {
            Administrators.check();
            return Administrators.validation(PolicySettings.checkException(field, value));
        }
    }
}
