package io.jenkins.plugins.releasegate.core.engine;

import io.jenkins.plugins.releasegate.core.evidence.EvidenceFormat;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceVerifier;
import io.jenkins.plugins.releasegate.core.policy.InvalidPolicyException;
import io.jenkins.plugins.releasegate.core.policy.Policy;
import io.jenkins.plugins.releasegate.core.sbom.CycloneDxVerifier;
import io.jenkins.plugins.releasegate.core.sbom.SpdxVerifier;
import io.jenkins.plugins.releasegate.core.scan.DependencyCheckVerifier;
import io.jenkins.plugins.releasegate.core.scan.GrypeVerifier;
import io.jenkins.plugins.releasegate.core.scan.SarifVerifier;
import io.jenkins.plugins.releasegate.core.scan.TrivyVerifier;
import io.jenkins.plugins.releasegate.core.signature.CertificateTrust;
import io.jenkins.plugins.releasegate.core.signature.CmsSignatureVerifier;
import java.time.Clock;
import java.util.Map;

/** Makes a {@link Gate} with every verifier this version has, configured by one policy. */
public final class GateFactory {

    private GateFactory() {}

    /**
     * Loads the policy's trust anchors and makes the gate.
     *
     * @throws InvalidPolicyException when a trust anchor file is missing or holds no usable certificate
     */
    public static Gate create(Policy policy, Clock clock) throws InvalidPolicyException {
        CertificateTrust trust = CertificateTrust.load(policy.signature().trust());
        Map<EvidenceFormat, EvidenceVerifier> verifiers = Map.of(
                EvidenceFormat.CMS, new CmsSignatureVerifier(policy.signature(), trust, clock),
                EvidenceFormat.CYCLONEDX, new CycloneDxVerifier(policy.sbom()),
                EvidenceFormat.SPDX, new SpdxVerifier(policy.sbom()),
                EvidenceFormat.SARIF, new SarifVerifier(policy.scan(), clock),
                EvidenceFormat.TRIVY, new TrivyVerifier(policy.scan(), clock),
                EvidenceFormat.GRYPE, new GrypeVerifier(policy.scan(), clock),
                EvidenceFormat.DEPENDENCY_CHECK, new DependencyCheckVerifier(policy.scan(), clock));
        return new Gate(policy, verifiers, clock);
    }
}
