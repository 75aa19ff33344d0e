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
 * Verifies Trivy JSON reports ({@code trivy ... --format json}, {@code SchemaVersion} 2) against the scan policy, as
 * {@link SarifVerifier} does SARIF: every vulnerability, failed misconfiguration, secret and license finding of every
 * result counts, with the severity Trivy gave it (see {@link ScannerSeverity}); the policy's finding exceptions
 * apply by vulnerability id or by one of its {@code VendorIDs}; {@code CreatedAt} is the scan's time for {@code
 * maxAge}. Findings Trivy set aside ({@code ModifiedFindings}) count as suppressed by the scanner, which does not
 * waive them. A report without results scanned nothing and is incomplete. The facts name the tool ({@code tool},
 * {@code toolName} {@code Trivy}) and what was scanned ({@code target}, {@code targetType}, an image's {@code
 * imageId} and {@code repoDigests}).
 *
 * <p>One instance serves any number of threads at once.
 */
public final class TrivyVerifier implements EvidenceVerifier, ReleaseWideReader {

    private static final ScanReportFile.ReportReader READER =
            (source, artifactName, tally) -> new TrivyReportReader(source, artifactName, tally).read();

    private final ScanPolicy policy;
    private final Clock clock;

    /**
     * @param policy the scan policy to hold reports to
     * @param clock the clock a scan's age is measured by
     */
    public TrivyVerifier(ScanPolicy policy, Clock clock) {
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
            return ScanReportFile.verify(policy, clock, ScanFormat.TRIVY, "a Trivy report", evidence, artifact, READER);
        } catch (RuntimeException e) {
            return PendingCheck.decided(ScanReportFile.internalError(evidence, e));
        }
    }

    @Override
    public Reading readReleaseWide(EvidenceFile evidence) {
        return ScanReportFile.readReleaseWide(policy, clock, ScanFormat.TRIVY, "a Trivy report", evidence, READER);
    }
}
