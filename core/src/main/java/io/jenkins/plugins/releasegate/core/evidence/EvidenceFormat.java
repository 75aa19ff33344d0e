package io.jenkins.plugins.releasegate.core.evidence;

import io.jenkins.plugins.releasegate.core.policy.PolicyWord;
import io.jenkins.plugins.releasegate.core.policy.SbomFormat;
import io.jenkins.plugins.releasegate.core.policy.ScanFormat;
import io.jenkins.plugins.releasegate.core.policy.SignatureFormat;
import io.jenkins.plugins.releasegate.core.verdict.Check;

/** The evidence formats the gate recognises, with the check each serves and the policy word that allows it. */
public enum EvidenceFormat {
    CMS(Check.SIGNATURE, SignatureFormat.CMS, "a CMS signature"),
    OPENPGP(Check.SIGNATURE, SignatureFormat.OPENPGP, "an OpenPGP signature"),
    RAW_SIGNATURE(Check.SIGNATURE, SignatureFormat.RAW, "a raw signature"),
    SIGSTORE_BUNDLE(Check.SIGNATURE, SignatureFormat.RAW, "a Sigstore bundle"),
    /** A JAR that carries its own signature; the artifact is its own evidence. */
    JAR(Check.SIGNATURE, SignatureFormat.JAR, "a signed JAR"),
    CYCLONEDX(Check.SBOM, SbomFormat.CYCLONEDX, "a CycloneDX SBOM"),
    SPDX(Check.SBOM, SbomFormat.SPDX, "an SPDX SBOM"),
    SARIF(Check.SCAN, ScanFormat.SARIF, "a SARIF scan report"),
    TRIVY(Check.SCAN, ScanFormat.TRIVY, "a Trivy report"),
    GRYPE(Check.SCAN, ScanFormat.GRYPE, "a Grype report"),
    DEPENDENCY_CHECK(Check.SCAN, ScanFormat.DEPENDENCY_CHECK, "an OWASP Dependency-Check report");

    private final Check check;
    private final PolicyWord policyFormat;
    private final String description;

    EvidenceFormat(Check check, PolicyWord policyFormat, String description) {
        this.check = check;
        this.policyFormat = policyFormat;
        this.description = description;
    }

    public Check check() {
        return check;
    }

    /** The constant of {@link SignatureFormat}, {@link SbomFormat} or {@link ScanFormat} that allows this format. */
    public PolicyWord policyFormat() {
        return policyFormat;
    }

    /** What the format is, for sentences: "a CMS signature". */
    public String description() {
        return description;
    }
}
