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
 * Verifies Grype JSON reports ({@code grype ... -o json}) against the scan policy, as {@link SarifVerifier} does
 * SARIF: every match counts, with the severity Grype gave its vulnerability (see {@link ScannerSeverity}); the
 * policy's finding exceptions apply by vulnerability id or by the id of a related vulnerability (a GHSA advisory's
 * CVE); {@code descriptor.timestamp} is the scan's time for {@code maxAge}. Matches Grype ignored ({@code
 * ignoredMatches}) count as suppressed by the scanner, which does not waive them. When Grype scanned a single file, the
 * digests it states for it must be the artifact's. The facts name the tool ({@code tool}, {@code toolName} {@code
 * Grype}) and what was scanned ({@code target}, {@code targetType}).
 *
 * <p>One instance serves any number of threads at once.
 */
public final class GrypeVerifier implements EvidenceVerifier, ReleaseWideReader {

    private static final ScanReportFile.ReportReader READER =
            (source, artifactName, tally) -> new GrypeReportReader(source, artifactName, tally).read();

    private final ScanPolicy policy;
    private final Clock clock;

    /**
     * @param policy the scan policy to hold reports to
     * @param clock the clock a scan's age is measured by
     */
    public GrypeVerifier(ScanPolicy policy, Clock clock) {
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
            return ScanReportFile.verify(policy, clock, ScanFormat.GRYPE, "a Grype report", evidence, artifact, READER);
        } catch (RuntimeException e) {
            return PendingCheck.decided(ScanReportFile.internalError(evidence, e));
        }
    }

    @Override
    public Reading readReleaseWide(EvidenceFile evidence) {
        return ScanReportFile.readReleaseWide(policy, clock, ScanFormat.GRYPE, "a Grype report", evidence, READER);
    }
}
