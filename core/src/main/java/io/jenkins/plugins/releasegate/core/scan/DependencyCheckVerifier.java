package io.jenkins.plugins.releasegate.core.scan;

import io.jenkins.plugins.releasegate.core.evidence.ArtifactContext;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceVerifier;
import io.jenkins.plugins.releasegate.core.evidence.PendingCheck;
import io.jenkins.plugins.releasegate.core.evidence.ReleaseWideReader;
import io.jenkins.plugins.releasegate.core.policy.ScanFormat;
import io.jenkins.plugins.releasegate.core.policy.ScanPolicy;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import java.time.Clock;
import java.util.Objects;

/**
 * Verifies OWASP Dependency-Check JSON reports ({@code --format JSON}, report schema 1.x) against the scan policy, as
 * {@link SarifVerifier} does SARIF: every vulnerability of every dependency counts, with its CVSS v3 base severity,
 * else its CVSS v4 or v2 severity, else the severity Dependency-Check states (see {@link ScannerSeverity}); the
 * policy's finding exceptions apply by vulnerability name (a CVE or GHSA id); {@code projectInfo.reportDate} is the
 * scan's time for {@code maxAge}. Vulnerabilities a suppression file set aside ({@code suppressedVulnerabilities})
 * count as suppressed by the scanner, which does not waive them. A report with analysis exceptions (an analyzer that
 * failed) is incomplete. The digests stated for the dependency whose file name is the artifact's must be the
 * artifact's. The facts name the tool ({@code tool}, {@code toolName} {@code Dependency-Check}) and the project
 * ({@code target}).
 *
 * <p>One instance serves any number of threads at once.
 */
public final class DependencyCheckVerifier implements EvidenceVerifier, ReleaseWideReader {

    private static final ScanReportFile.ReportReader READER =
            (source, artifactName, tally) -> new DependencyCheckReportReader(source, artifactName, tally).read();

    private final ScanPolicy policy;
    private final Clock clock;

    /**
     * @param policy the scan policy to hold reports to
     * @param clock the clock a scan's age is measured by
     */
    public DependencyCheckVerifier(ScanPolicy policy, Clock clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public Check check() {
        return Check.SCAN;
    }

    @Override
    public PendingCheck read(EvidenceFile evidence, ArtifactContext artifact) {
        try {
            return ScanReportFile.verify(
                    policy,
                    clock,
                    ScanFormat.DEPENDENCY_CHECK,
                    "an OWASP Dependency-Check report",
                    evidence,
                    artifact,
                    READER);
        } catch (RuntimeException e) {
            return PendingCheck.decided(ScanReportFile.internalError(evidence, e));
        }
    }

    @Override
    public Reading readReleaseWide(EvidenceFile evidence) {
        return ScanReportFile.readReleaseWide(
                policy, clock, ScanFormat.DEPENDENCY_CHECK, "an OWASP Dependency-Check report", evidence, READER);
    }
}
