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
 * Verifies SARIF 2.1.0 scan reports against the scan policy: the findings' severities against {@code failOn}, with
 * the policy's finding exceptions applied, the scan's age against {@code maxAge}, and the digests the report states
 * for the artifact against the artifact's own.
 *
 * <p>The report is read as a stream, within the size cap of scan evidence, keeping only what the verdict needs,
 * so memory does not grow with the report's size. A finding's severity is its {@code security-severity} (on the
 * result, else on its rule) where there is one, and its SARIF level otherwise; every finding records which of these
 * decided. Suppressions the scanner recorded do not waive a finding: only a policy exception does. The facts name the
 * tool of every run ({@code tool}) and the driver of the first run ({@code toolName}).
 *
 * <p>One instance serves any number of threads at once.
 */
public final class SarifVerifier implements EvidenceVerifier, ReleaseWideReader {

    private static final ScanReportFile.ReportReader READER = (source, artifactName, tally) ->
            new SarifLogReader(source, artifactName, tally).read().report();

    private final ScanPolicy policy;
    private final Clock clock;

    /**
     * @param policy the scan policy to hold reports to
     * @param clock the clock a scan's age is measured by
     */
    public SarifVerifier(ScanPolicy policy, Clock clock) {
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
            return readReport(evidence, artifact);
        } catch (RuntimeException e) {
            return PendingCheck.decided(ScanReportFile.internalError(evidence, e));
        }
    }

    private PendingCheck readReport(EvidenceFile evidence, ArtifactContext artifact) {
        return ScanReportFile.verify(policy, clock, ScanFormat.SARIF, "a SARIF report", evidence, artifact, READER);
    }

    @Override
    public Reading readReleaseWide(EvidenceFile evidence) {
        return ScanReportFile.readReleaseWide(policy, clock, ScanFormat.SARIF, "a SARIF report", evidence, READER);
    }
}
