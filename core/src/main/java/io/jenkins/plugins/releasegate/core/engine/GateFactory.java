package io.jenkins.plugins.releasegate.core.engine;

import io.jenkins.plugins.releasegate.core.evidence.EvidenceFormat;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceVerifier;
import io.jenkins.plugins.releasegate.core.policy.InvalidPolicyException;
import io.jenkins.plugins.releasegate.core.policy.Policy;
import io.jenkins.plugins.releasegate.core.policy.PolicyProblem;
import io.jenkins.plugins.releasegate.core.policy.PolicySettings;
import io.jenkins.plugins.releasegate.core.policy.TrustSources;
import io.jenkins.plugins.releasegate.core.sbom.CycloneDxVerifier;
import io.jenkins.plugins.releasegate.core.sbom.SpdxVerifier;
import io.jenkins.plugins.releasegate.core.scan.DependencyCheckVerifier;
import io.jenkins.plugins.releasegate.core.scan.GrypeVerifier;
import io.jenkins.plugins.releasegate.core.scan.SarifVerifier;
import io.jenkins.plugins.releasegate.core.scan.TrivyVerifier;
import io.jenkins.plugins.releasegate.core.signature.CertificateTrust;
import io.jenkins.plugins.releasegate.core.signature.CmsSignatureVerifier;
import io.jenkins.plugins.releasegate.core.signature.JarSignatureVerifier;
import io.jenkins.plugins.releasegate.core.signature.OpenPgpKeyRing;
import io.jenkins.plugins.releasegate.core.signature.OpenPgpSignatureVerifier;
import io.jenkins.plugins.releasegate.core.signature.PublicKeySet;
import io.jenkins.plugins.releasegate.core.signature.RawSignatureVerifier;
import io.jenkins.plugins.releasegate.core.signature.SigstoreBundleVerifier;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Makes a {@link Gate} with every verifier this version has, configured by one policy. */
public final class GateFactory {

    private GateFactory() {}

    /**
     * Loads the policy's trust anchors and makes the gate.
     *
     * @throws InvalidPolicyException when a trust anchor file is missing or holds no usable certificate or key
     */
    public static Gate create(Policy policy, Clock clock) throws InvalidPolicyException {
        Preloading.start(policy);
        TrustSources sources = policy.signature().trust();
        CertificateTrust certificates = CertificateTrust.load(sources);
        EvidenceVerifier openPgp = openPgp(sources, clock);
        PublicKeySet publicKeys = PublicKeySet.fromAnchors(sources.publicKeys(), "the policy");
        Map<EvidenceFormat, EvidenceVerifier> verifiers = Map.ofEntries(
                Map.entry(EvidenceFormat.CMS, new CmsSignatureVerifier(policy.signature(), certificates, clock)),
                Map.entry(EvidenceFormat.OPENPGP, openPgp),
                Map.entry(EvidenceFormat.RAW_SIGNATURE, new RawSignatureVerifier(publicKeys)),
                Map.entry(
                        EvidenceFormat.SIGSTORE_BUNDLE,
                        new DeferredVerifier(Check.SIGNATURE, () -> new SigstoreBundleVerifier(publicKeys))),
                Map.entry(
                        EvidenceFormat.JAR,
                        new JarSignatureVerifier(
                                certificates, policy.signature().codeSigning(), clock)),
                Map.entry(EvidenceFormat.CYCLONEDX, new CycloneDxVerifier(policy.sbom())),
                Map.entry(EvidenceFormat.SPDX, new SpdxVerifier(policy.sbom())),
                Map.entry(EvidenceFormat.SARIF, new SarifVerifier(policy.scan(), clock)),
                Map.entry(EvidenceFormat.TRIVY, new TrivyVerifier(policy.scan(), clock)),
                Map.entry(EvidenceFormat.GRYPE, new GrypeVerifier(policy.scan(), clock)),
                Map.entry(EvidenceFormat.DEPENDENCY_CHECK, new DependencyCheckVerifier(policy.scan(), clock)));
        return new Gate(policy, verifiers, clock);
    }

    /**
     * Reads every trust anchor of the policy as the gate would, without making a gate; for a form that must not save
     * a policy whose anchors the gate would refuse.
     *
     * @throws InvalidPolicyException naming every anchor that holds no usable certificate or key
     */
    public static void checkTrustAnchors(Policy policy, String policySource) throws InvalidPolicyException {
        TrustSources sources = policy.signature().trust();
        List<PolicyProblem> problems = new ArrayList<>();
        collect(() -> CertificateTrust.load(sources, policySource), problems);
        collect(() -> OpenPgpKeyRing.fromAnchors(sources.openpgpKeys(), policySource), problems);
        collect(() -> PublicKeySet.fromAnchors(sources.publicKeys(), policySource), problems);
        if (!problems.isEmpty()) {
            throw new InvalidPolicyException(policySource, problems);
        }
    }

    /**
     * The policy a form's settings make, checked as the gate will use it: read by the policy reader's rules, and
     * every trust anchor loaded.
     *
     * @throws InvalidPolicyException naming every problem; {@link PolicySettings#field} tells which field holds it
     */
    public static Policy usablePolicy(PolicySettings settings) throws InvalidPolicyException {
        Policy policy = settings.toPolicy();
        checkTrustAnchors(policy, PolicySettings.SOURCE);
        return policy;
    }

    /**
     * The problems of one trust anchor field of a form, judged alone: the field's own text, then each of its blocks
     * loaded as the gate will load it, so that a block that holds no certificate or key shows before it is saved.
     *
     * @param field {@code certificates}, {@code openpgpKeys} or {@code publicKeys}
     */
    public static List<String> checkAnchorField(String field, String value) {
        List<String> problems = PolicySettings.check(field, value);
        if (!problems.isEmpty()) {
            return problems;
        }
        String text = value == null ? "" : value;
        PolicySettings alone = PolicySettings.defaults()
                .withTrustAnchors(
                        field.equals("certificates") ? text : "",
                        field.equals("openpgpKeys") ? text : "",
                        field.equals("publicKeys") ? text : "");
        try {
            usablePolicy(alone);
            return List.of();
        } catch (InvalidPolicyException e) {
            return e.problems().stream().map(PolicySettings::describe).toList();
        }
    }

    private static void collect(AnchorLoader loader, List<PolicyProblem> problems) {
        try {
            loader.load();
        } catch (InvalidPolicyException e) {
            problems.addAll(e.problems());
        }
    }

    @FunctionalInterface
    private interface AnchorLoader {
        Object load() throws InvalidPolicyException;
    }

    /**
     * The OpenPGP verifier. Key files are read now, so that a bad one stops the gate before it starts; without any, the
     * empty key ring (whose policy alone costs a tenth of a second) is made only if an OpenPGP signature turns up.
     */
    private static EvidenceVerifier openPgp(TrustSources sources, Clock clock) throws InvalidPolicyException {
        if (!sources.openpgpKeys().isEmpty()) {
            return new OpenPgpSignatureVerifier(OpenPgpKeyRing.fromAnchors(sources.openpgpKeys(), "the policy"), clock);
        }
        return new DeferredVerifier(Check.SIGNATURE, () -> {
            try {
                return new OpenPgpSignatureVerifier(OpenPgpKeyRing.load(List.of()), clock);
            } catch (InvalidPolicyException e) {
                throw new IllegalStateException("An empty OpenPGP key ring was refused: " + e.getMessage(), e);
            }
        });
    }
}
