package io.jenkins.plugins.releasegate.core.scan;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactDigests;
import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import io.jenkins.plugins.releasegate.core.evidence.ArtifactContext;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.FindingWaivers;
import io.jenkins.plugins.releasegate.core.evidence.ReleaseWideEvidence;
import io.jenkins.plugins.releasegate.core.policy.ScanPolicy;
import io.jenkins.plugins.releasegate.core.scan.FindingTally.Summary;
import io.jenkins.plugins.releasegate.core.scan.StatedArtifact.StatedDigest;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A scan report of a whole release: it binds to an artifact when one of the files it lists states a strong digest
 * (SHA-256 or longer) equal to the artifact's, whatever that file was called when it was scanned. Every other digest
 * stated for that file must match too, as for a report named after the artifact.
 *
 * <p>None of the formats ties each finding to one scanned file reliably enough to split a report between artifacts,
 * so every finding of the report counts for every artifact it binds to: a finding in one jar fails the scan check of
 * all of them, which fails closed. The report is read once; it is read again only for artifacts that other finding
 * exceptions cover, once for each such set of exceptions.
 */
final class ReleaseWideScan implements ReleaseWideEvidence {

    private final EvidenceFile evidence;
    private final ScanPolicy policy;
    private final Clock clock;
    private final ScanReport report;
    private final Summary unwaived;
    private final Weighing weighing;
    private final Map<FindingWaivers, ScanReportFile.Reading<Summary>> weighed = new ConcurrentHashMap<>();
    private final Set<DigestAlgorithm> digestsNeeded;

    /**
     * @param report the report as a release-wide read gives it, with the digests of every file it lists
     * @param unwaived its findings weighed without any finding exception
     * @param weighing weighs the findings again for artifacts that finding exceptions cover
     */
    ReleaseWideScan(
            EvidenceFile evidence,
            ScanPolicy policy,
            Clock clock,
            ScanReport report,
            Summary unwaived,
            Weighing weighing) {
        this.evidence = evidence;
        this.policy = policy;
        this.clock = clock;
        this.report = report;
        this.unwaived = unwaived;
        this.weighing = weighing;
        this.digestsNeeded = Set.copyOf(new DigestBinding(report.statedArtifacts()).digestsNeeded());
    }

    @Override
    public Set<DigestAlgorithm> digestsNeeded() {
        return digestsNeeded;
    }

    @Override
    public Optional<CheckResult> bindTo(ArtifactContext artifact, ArtifactDigests digests) {
        try {
            List<StatedArtifact> naming = namingByStrongDigest(digests);
            if (naming.isEmpty()) {
                return Optional.empty();
            }
            ScanReportFile.Reading<Summary> findings = findingsFor(artifact.findingWaivers());
            if (findings.failure() != null) {
                return Optional.of(findings.failure());
            }
            Map<String, String> facts = new LinkedHashMap<>(report.moreFacts());
            facts.put("releaseWide", "true");
            facts.put("listedAs", naming.get(0).uri());
            ScanReport bound = new ScanReport(
                    report.tool(),
                    report.toolName(),
                    report.scanTime(),
                    report.timeSources(),
                    report.incomplete(),
                    naming,
                    facts);
            return Optional.of(
                    new ScanPendingCheck(evidence, artifact.fileName(), policy, clock, bound, findings.report())
                            .complete(digests));
        } catch (RuntimeException e) {
            return Optional.of(ScanReportFile.internalError(evidence, e));
        }
    }

    /** The listed files that state a strong digest equal to the artifact's. */
    private List<StatedArtifact> namingByStrongDigest(ArtifactDigests digests) {
        List<StatedArtifact> naming = new ArrayList<>();
        for (StatedArtifact stated : report.statedArtifacts()) {
            for (StatedDigest digest : stated.digests()) {
                boolean strongMatch = digest.algorithm()
                        .filter(DigestAlgorithm::strong)
                        .flatMap(algorithm -> digests.matches(algorithm, digest.hex()))
                        .orElse(false);
                if (strongMatch) {
                    naming.add(stated);
                    break;
                }
            }
        }
        return naming;
    }

    private ScanReportFile.Reading<Summary> findingsFor(FindingWaivers waivers) {
        if (waivers == null || waivers.waivesNothing()) {
            return new ScanReportFile.Reading<>(unwaived, null);
        }
        return weighed.computeIfAbsent(waivers, weighing::weigh);
    }

    /** Reads the report again to weigh its findings with the finding exceptions that cover one artifact. */
    @FunctionalInterface
    interface Weighing {
        ScanReportFile.Reading<Summary> weigh(FindingWaivers waivers);
    }
}
