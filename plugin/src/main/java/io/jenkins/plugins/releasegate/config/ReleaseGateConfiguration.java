package io.jenkins.plugins.releasegate.config;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.releasegate.core.engine.GateFactory;
import io.jenkins.plugins.releasegate.core.policy.Binding;
import io.jenkins.plugins.releasegate.core.policy.InvalidPolicyException;
import io.jenkins.plugins.releasegate.core.policy.Mode;
import io.jenkins.plugins.releasegate.core.policy.Policy;
import io.jenkins.plugins.releasegate.core.policy.PolicyProblem;
import io.jenkins.plugins.releasegate.core.policy.PolicySettings;
import io.jenkins.plugins.releasegate.core.policy.Signers;
import io.jenkins.plugins.releasegate.core.verdict.Severity;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import jenkins.model.GlobalConfiguration;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.verb.POST;

/**
 * The global policy under Manage Jenkins › System: the floor under every {@code releaseGate} step, which a
 * pipeline's own policy may tighten and never loosen. Only administrators may change it or validate its fields. It
 * is held as {@link PolicySettings}, the same fields the command line's policy file has, and becomes a policy only
 * through the engine's policy reader; a policy that does not read cannot be saved from the page, and one that was
 * written around the page (Configuration as Code, an edited XML file) fails every gate until it is fixed.
 */
@Extension
@Symbol("releaseGate")
public final class ReleaseGateConfiguration extends GlobalConfiguration {

    private String mode;
    private String include;
    private String exclude;
    private boolean signatureRequired;
    private String signatureFormats;
    private String certificates;
    private String openpgpKeys;
    private String publicKeys;
    private boolean codeSigning;
    private String signers;
    private boolean sbomRequired;
    private String sbomFormats;
    private String sbomBinding;
    private boolean scanRequired;
    private String scanFormats;
    private String failOn;
    private String maxAge;
    private String requiredKinds;
    // A plain list: Jenkins writes this object to XML, and its XStream cannot read into the JDK's immutable lists.
    private List<ExceptionEntry> exceptions = new ArrayList<>();
    private String pkcs11Module = "";
    private boolean mandatoryGating;

    private transient volatile Read read;

    /** The last reading of the settings, kept until they change. */
    private record Read(PolicySettings settings, Policy policy, InvalidPolicyException problem) {}

    public ReleaseGateConfiguration() {
        apply(PolicySettings.defaults());
        load();
    }

    /** The configuration Jenkins holds. */
    public static ReleaseGateConfiguration get() {
        return ExtensionList.lookupSingleton(ReleaseGateConfiguration.class);
    }

    @Override
    public String getDisplayName() {
        return Messages.ReleaseGateConfiguration_DisplayName();
    }

    /**
     * The global policy as it stands.
     *
     * @throws InvalidPolicyException when the stored settings do not make a policy, naming each problem
     */
    public Policy policy() throws InvalidPolicyException {
        PolicySettings settings = settings();
        Read last = read;
        if (last == null || !last.settings().equals(settings)) {
            last = readSettings(settings);
            read = last;
        }
        if (last.problem() != null) {
            throw last.problem();
        }
        return last.policy();
    }

    private static Read readSettings(PolicySettings settings) {
        try {
            return new Read(settings, GateFactory.usablePolicy(settings), null);
        } catch (InvalidPolicyException e) {
            return new Read(settings, null, e);
        }
    }

    /** The policy fields as they stand, one record; what the page, Configuration as Code and a policy file share. */
    public synchronized PolicySettings settings() {
        // Settings loaded from an older or hand-edited file may lack fields; an absent text is an empty one.
        return new PolicySettings(
                text(mode),
                text(include),
                text(exclude),
                signatureRequired,
                text(signatureFormats),
                text(certificates),
                text(openpgpKeys),
                text(publicKeys),
                codeSigning,
                text(signers),
                sbomRequired,
                text(sbomFormats),
                text(sbomBinding),
                scanRequired,
                text(scanFormats),
                text(failOn),
                text(maxAge),
                text(requiredKinds),
                exceptions == null
                        ? List.of()
                        : exceptions.stream().map(ExceptionEntry::settings).toList());
    }

    /** Takes every policy field from {@code settings}; the module path and mandatory gating stay as they are. */
    public synchronized void apply(PolicySettings settings) {
        mode = settings.mode();
        include = settings.include();
        exclude = settings.exclude();
        signatureRequired = settings.signatureRequired();
        signatureFormats = settings.signatureFormats();
        certificates = settings.certificates();
        openpgpKeys = settings.openpgpKeys();
        publicKeys = settings.publicKeys();
        codeSigning = settings.codeSigning();
        signers = settings.signers();
        sbomRequired = settings.sbomRequired();
        sbomFormats = settings.sbomFormats();
        sbomBinding = settings.sbomBinding();
        scanRequired = settings.scanRequired();
        scanFormats = settings.scanFormats();
        failOn = settings.failOn();
        maxAge = settings.maxAge();
        requiredKinds = settings.requiredKinds();
        exceptions = new ArrayList<>(
                settings.exceptions().stream().map(ExceptionEntry::of).toList());
    }

    /**
     * Saves the submitted page, for administrators only, and only when the policy it makes reads as a policy file
     * would and every trust anchor is usable; otherwise nothing changes and the page names the first problem's field.
     */
    @Override
    public synchronized boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        Administrators.check();
        PolicySettings before = settings();
        String moduleBefore = pkcs11Module;
        boolean gatingBefore = mandatoryGating;
        // A repeatable list left empty is not submitted at all; without this the old exceptions would stay.
        exceptions = new ArrayList<>();
        req.bindJSON(this, json);
        Read candidate = readSettings(settings());
        if (candidate.problem() != null) {
            apply(before);
            pkcs11Module = moduleBefore;
            mandatoryGating = gatingBefore;
            throw refusal(candidate.problem());
        }
        read = candidate;
        save();
        return true;
    }

    /** Why the page was not saved: every problem, each named by the field that holds it. */
    static FormException refusal(InvalidPolicyException problem) {
        List<PolicyProblem> problems = problem.problems();
        String message = problems.stream()
                .map(p -> label(PolicySettings.field(p)) + ": " + PolicySettings.describe(p))
                .collect(Collectors.joining(" "));
        String field = problems.isEmpty() ? "policy" : PolicySettings.field(problems.get(0));
        return new FormException(Messages.ReleaseGateConfiguration_NotSaved(message), field);
    }

    private static String label(String field) {
        return switch (field) {
            case "include" -> "Artifacts";
            case "exclude" -> "Never artifacts";
            case "signatureFormats" -> "Signature formats";
            case "certificates" -> "Trusted certificates";
            case "openpgpKeys" -> "Trusted OpenPGP keys";
            case "publicKeys" -> "Trusted public keys";
            case "sbomFormats" -> "SBOM formats";
            case "sbomBinding" -> "SBOM binding";
            case "scanFormats" -> "Scan formats";
            case "failOn" -> "Fail on";
            case "maxAge" -> "Maximum scan age";
            case "requiredKinds" -> "Required scan kinds";
            case "exceptions" -> "Exceptions";
            case "mode" -> "Mode";
            default -> "Policy";
        };
    }

    /** The modes, for the page's drop-down. */
    @POST
    public ListBoxModel doFillModeItems() {
        Administrators.check();
        ListBoxModel items = new ListBoxModel();
        items.add(Messages.ReleaseGateConfiguration_ModeEnforce(), Mode.ENFORCE.word());
        items.add(Messages.ReleaseGateConfiguration_ModeAudit(), Mode.AUDIT.word());
        return items;
    }

    /** The severities from which a finding fails the scan check, most severe first. */
    @POST
    public ListBoxModel doFillFailOnItems() {
        Administrators.check();
        ListBoxModel items = new ListBoxModel();
        List<Severity> severities = new ArrayList<>(List.of(Severity.values()));
        Collections.reverse(severities);
        for (Severity severity : severities) {
            items.add(severity.id(), severity.id());
        }
        return items;
    }

    /** Which signers of a signature with several must be trusted. */
    @POST
    public ListBoxModel doFillSignersItems() {
        Administrators.check();
        ListBoxModel items = new ListBoxModel();
        items.add(Messages.ReleaseGateConfiguration_SignersAll(), Signers.ALL.word());
        items.add(Messages.ReleaseGateConfiguration_SignersAny(), Signers.ANY.word());
        return items;
    }

    /** How an SBOM or scan binds to an artifact. */
    @POST
    public ListBoxModel doFillSbomBindingItems() {
        Administrators.check();
        ListBoxModel items = new ListBoxModel();
        items.add(Messages.ReleaseGateConfiguration_BindingDigest(), Binding.DIGEST.word());
        items.add(Messages.ReleaseGateConfiguration_BindingName(), Binding.NAME.word());
        return items;
    }

    @POST
    public FormValidation doCheckMode(@QueryParameter String value) {
        return check("mode", value);
    }

    @POST
    public FormValidation doCheckInclude(@QueryParameter String value) {
        return check("include", value);
    }

    @POST
    public FormValidation doCheckExclude(@QueryParameter String value) {
        return check("exclude", value);
    }

    @POST
    public FormValidation doCheckSignatureFormats(@QueryParameter String value) {
        return check("signatureFormats", value);
    }

    @POST
    public FormValidation doCheckCertificates(@QueryParameter String value) {
        return checkAnchors("certificates", value);
    }

    @POST
    public FormValidation doCheckOpenpgpKeys(@QueryParameter String value) {
        return checkAnchors("openpgpKeys", value);
    }

    @POST
    public FormValidation doCheckPublicKeys(@QueryParameter String value) {
        return checkAnchors("publicKeys", value);
    }

    @POST
    public FormValidation doCheckSigners(@QueryParameter String value) {
        return check("signers", value);
    }

    @POST
    public FormValidation doCheckSbomFormats(@QueryParameter String value) {
        return check("sbomFormats", value);
    }

    @POST
    public FormValidation doCheckSbomBinding(@QueryParameter String value) {
        return check("sbomBinding", value);
    }

    @POST
    public FormValidation doCheckScanFormats(@QueryParameter String value) {
        return check("scanFormats", value);
    }

    @POST
    public FormValidation doCheckFailOn(@QueryParameter String value) {
        return check("failOn", value);
    }

    @POST
    public FormValidation doCheckMaxAge(@QueryParameter String value) {
        return check("maxAge", value);
    }

    @POST
    public FormValidation doCheckRequiredKinds(@QueryParameter String value) {
        return check("requiredKinds", value);
    }

    private static FormValidation check(String field, String value) {
        Administrators.check();
        return Administrators.validation(PolicySettings.check(field, value));
    }

    /** Anchors are also loaded, as the gate will load them, so that a block that is no certificate or key shows. */
    private static FormValidation checkAnchors(String field, String value) {
        Administrators.check();
        return Administrators.validation(GateFactory.checkAnchorField(field, value));
    }

    public String getMode() {
        return mode;
    }

    /** {@code enforce} fails builds whose gate fails; {@code audit} only reports. */
    @DataBoundSetter
    public synchronized void setMode(String mode) {
        this.mode = text(mode);
    }

    public String getInclude() {
        return include;
    }

    /** Artifact patterns, one per line, used when a step names a folder. */
    @DataBoundSetter
    public synchronized void setInclude(String include) {
        this.include = text(include);
    }

    public String getExclude() {
        return exclude;
    }

    /** Patterns of files that are never artifacts, one per line. */
    @DataBoundSetter
    public synchronized void setExclude(String exclude) {
        this.exclude = text(exclude);
    }

    public boolean isSignatureRequired() {
        return signatureRequired;
    }

    @DataBoundSetter
    public synchronized void setSignatureRequired(boolean signatureRequired) {
        this.signatureRequired = signatureRequired;
    }

    public String getSignatureFormats() {
        return signatureFormats;
    }

    /** Accepted signature formats: cms, openpgp, raw, jar, separated by commas. */
    @DataBoundSetter
    public synchronized void setSignatureFormats(String signatureFormats) {
        this.signatureFormats = text(signatureFormats);
    }

    public String getCertificates() {
        return certificates;
    }

    /** PEM certificates of trusted CAs and pinned signers. */
    @DataBoundSetter
    public synchronized void setCertificates(String certificates) {
        this.certificates = text(certificates);
    }

    public String getOpenpgpKeys() {
        return openpgpKeys;
    }

    /** ASCII-armored OpenPGP public keys of trusted signers. */
    @DataBoundSetter
    public synchronized void setOpenpgpKeys(String openpgpKeys) {
        this.openpgpKeys = text(openpgpKeys);
    }

    public String getPublicKeys() {
        return publicKeys;
    }

    /** PEM public keys for raw and Sigstore signatures. */
    @DataBoundSetter
    public synchronized void setPublicKeys(String publicKeys) {
        this.publicKeys = text(publicKeys);
    }

    public boolean isCodeSigning() {
        return codeSigning;
    }

    @DataBoundSetter
    public synchronized void setCodeSigning(boolean codeSigning) {
        this.codeSigning = codeSigning;
    }

    public String getSigners() {
        return signers;
    }

    /** Of a signature with several signers, {@code all} must be trusted, or {@code any} one suffices. */
    @DataBoundSetter
    public synchronized void setSigners(String signers) {
        this.signers = text(signers);
    }

    public boolean isSbomRequired() {
        return sbomRequired;
    }

    @DataBoundSetter
    public synchronized void setSbomRequired(boolean sbomRequired) {
        this.sbomRequired = sbomRequired;
    }

    public String getSbomFormats() {
        return sbomFormats;
    }

    @DataBoundSetter
    public synchronized void setSbomFormats(String sbomFormats) {
        this.sbomFormats = text(sbomFormats);
    }

    public String getSbomBinding() {
        return sbomBinding;
    }

    @DataBoundSetter
    public synchronized void setSbomBinding(String sbomBinding) {
        this.sbomBinding = text(sbomBinding);
    }

    public boolean isScanRequired() {
        return scanRequired;
    }

    @DataBoundSetter
    public synchronized void setScanRequired(boolean scanRequired) {
        this.scanRequired = scanRequired;
    }

    public String getScanFormats() {
        return scanFormats;
    }

    @DataBoundSetter
    public synchronized void setScanFormats(String scanFormats) {
        this.scanFormats = text(scanFormats);
    }

    public String getFailOn() {
        return failOn;
    }

    @DataBoundSetter
    public synchronized void setFailOn(String failOn) {
        this.failOn = text(failOn);
    }

    public String getMaxAge() {
        return maxAge;
    }

    @DataBoundSetter
    public synchronized void setMaxAge(String maxAge) {
        this.maxAge = text(maxAge);
    }

    public String getRequiredKinds() {
        return requiredKinds;
    }

    @DataBoundSetter
    public synchronized void setRequiredKinds(String requiredKinds) {
        this.requiredKinds = text(requiredKinds);
    }

    public synchronized List<ExceptionEntry> getExceptions() {
        return List.copyOf(exceptions);
    }

    @DataBoundSetter
    public synchronized void setExceptions(List<ExceptionEntry> exceptions) {
        this.exceptions = exceptions == null ? new ArrayList<>() : new ArrayList<>(exceptions);
    }

    public String getPkcs11Module() {
        return pkcs11Module;
    }

    /** The PKCS#11 module's path on agents, used by steps that name no module of their own. */
    @DataBoundSetter
    public synchronized void setPkcs11Module(String pkcs11Module) {
        this.pkcs11Module = text(pkcs11Module);
    }

    /** The module a step uses: its own when it names one, else the global default, else none (the key's URI). */
    public String module(String stepModule) {
        if (stepModule != null && !stepModule.isBlank()) {
            return stepModule;
        }
        String global = getPkcs11Module();
        return global == null || global.isBlank() ? null : global;
    }

    public boolean isMandatoryGating() {
        return mandatoryGating;
    }

    /** Fail Pipeline builds that archive artifacts without a gate verdict; badge every such build. */
    @DataBoundSetter
    public synchronized void setMandatoryGating(boolean mandatoryGating) {
        this.mandatoryGating = mandatoryGating;
    }

    private static String text(String value) {
        return Objects.requireNonNullElse(value, "");
    }
}
