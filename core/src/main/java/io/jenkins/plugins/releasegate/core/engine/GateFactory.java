package io.jenkins.plugins.releasegate.core.engine;

import io.jenkins.plugins.releasegate.core.evidence.EvidenceFormat;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceVerifier;
import io.jenkins.plugins.releasegate.core.policy.InvalidPolicyException;
import io.jenkins.plugins.releasegate.core.policy.Policy;
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
import java.time.Clock;
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
        TrustSources sources = policy.signature().trust();
        CertificateTrust certificates = CertificateTrust.load(sources);
        OpenPgpKeyRing openPgpKeys = OpenPgpKeyRing.load(sources.openpgpKeys());
        PublicKeySet publicKeys = PublicKeySet.load(sources.publicKeys());
        Map<EvidenceFormat, EvidenceVerifier> verifiers = Map.ofEntries(
                Map.entry(EvidenceFormat.CMS, new CmsSignatureVerifier(policy.signature(), certificates, clock)),
                Map.entry(EvidenceFormat.OPENPGP, new OpenPgpSignatureVerifier(openPgpKeys, clock)),
                Map.entry(EvidenceFormat.RAW_SIGNATURE, new RawSignatureVerifier(publicKeys)),
                Map.entry(EvidenceFormat.SIGSTORE_BUNDLE, new SigstoreBundleVerifier(publicKeys)),
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
}
