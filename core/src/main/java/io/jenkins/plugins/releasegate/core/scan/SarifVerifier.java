package io.jenkins.plugins.releasegate.core.scan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import io.jenkins.plugins.releasegate.core.evidence.ArtifactContext;
import io.jenkins.plugins.releasegate.core.evidence.CappedInputStream;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceLimits;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceVerifier;
import io.jenkins.plugins.releasegate.core.evidence.FindingWaivers;
import io.jenkins.plugins.releasegate.core.evidence.PendingCheck;
import io.jenkins.plugins.releasegate.core.policy.ScanFormat;
import io.jenkins.plugins.releasegate.core.policy.ScanPolicy;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.io.CharConversionException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Verifies SARIF 2.1.0 scan reports against the scan policy: the findings' severities against {@code failOn}, with
 * the policy's finding exceptions applied, the scan's age against {@code maxAge}, and the digests the report states
 * for the artifact against the artifact's own.
 *
 * <p>The report is read as a stream, within {@link EvidenceLimits#SCAN_MAX_BYTES}, keeping only what the verdict needs,
 * so memory does not grow with the report's size. A finding's severity is its {@code security-severity} (on the
 * result, else on its rule) where there is one, and its SARIF level otherwise; every finding records which of these
 * decided. Suppressions the scanner recorded do not waive a finding: only a policy exception does.
 *
 * <p>One instance serves any number of threads at once.
 */
public final class SarifVerifier implements EvidenceVerifier {

    /** Deeper than any SARIF log nests; reached only by a file made to exhaust the parser. */
    static final int MAX_NESTING_DEPTH = 1000;

    /**
     * The longest string the verifier decodes. Strings it does not need, such as embedded file contents, are skipped
     * without being decoded and have no limit.
     */
    static final int MAX_STRING_CHARS = 4 << 20;

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(MAX_NESTING_DEPTH)
                    .maxStringLength(MAX_STRING_CHARS)
                    .build())
            // Buffers are not pooled, so that one huge string does not leave a huge buffer behind for later files.
            .recyclerPool(JsonRecyclerPools.nonRecyclingPool())
            .build();

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
            return PendingCheck.decided(internalError(evidence, e));
        }
    }

    private PendingCheck readReport(EvidenceFile evidence, ArtifactContext artifact) {
        String name = evidence.displayPath();
        if (!policy.formats().contains(ScanFormat.SARIF)) {
            String accepted =
                    policy.formats().stream().map(ScanFormat::word).sorted().collect(Collectors.joining(", "));
            return failed(
                    evidence,
                    Code.SCAN_FORMAT_NOT_ALLOWED,
                    name + " is a SARIF report, but the policy accepts only "
                            + (accepted.isEmpty() ? "no scan format" : accepted) + ", so the scan check fails.");
        }

        long max = EvidenceLimits.SCAN_MAX_BYTES;
        FindingWaivers waivers = Objects.requireNonNullElse(artifact.findingWaivers(), FindingWaivers.none());
        FindingTally tally = new FindingTally(policy.failOn(), waivers);
        SarifLog log;
        try {
            long size = Files.size(evidence.path());
            if (size > max) {
                return PendingCheck.decided(EvidenceLimits.tooLarge(Check.SCAN, evidence, max));
            }
            FileTime modified = Files.getLastModifiedTime(evidence.path());
            SarifLogReader reader = new SarifLogReader(
                    () -> JSON.createParser(new CappedInputStream(Files.newInputStream(evidence.path()), max)),
                    artifact.fileName(),
                    tally);
            log = reader.read();
            if (size != Files.size(evidence.path()) || !modified.equals(Files.getLastModifiedTime(evidence.path()))) {
                // What was read may mix two versions of the file, especially when it was read in two passes.
                throw new IOException("it changed while it was read");
            }
        } catch (SarifRejection e) {
            return failed(evidence, e.code(), name + " " + e.getMessage() + ", so the scan check fails.");
        } catch (CappedInputStream.LimitExceeded e) {
            return PendingCheck.decided(EvidenceLimits.tooLarge(Check.SCAN, evidence, max));
        } catch (StreamConstraintsException e) {
            return failed(
                    evidence,
                    Code.SCAN_MALFORMED,
                    name + " exceeds a limit of the JSON reader: " + plain(e.getOriginalMessage()) + at(e.getLocation())
                            + ", so the scan check fails.");
        } catch (JsonProcessingException e) {
            return failed(
                    evidence,
                    Code.SCAN_MALFORMED,
                    name + " is not valid JSON: " + plain(e.getOriginalMessage()) + at(e.getLocation())
                            + ", so the scan check fails.");
        } catch (CharConversionException e) {
            // Raised while Jackson detects the encoding, for example of UTF-32 text it does not read.
            return failed(
                    evidence,
                    Code.SCAN_MALFORMED,
                    name + " is not JSON in an encoding the gate reads: " + plain(e.getMessage())
                            + ", so the scan check fails.");
        } catch (IOException e) {
            return PendingCheck.decided(EvidenceLimits.unreadable(Check.SCAN, evidence, e));
        }
        return new SarifPendingCheck(evidence, artifact.fileName(), policy, clock, log, tally.summary());
    }

    private static PendingCheck failed(EvidenceFile evidence, Code code, String detail) {
        return PendingCheck.decided(CheckResult.fail(Check.SCAN, code, evidence.displayPath(), detail));
    }

    static CheckResult internalError(EvidenceFile evidence, RuntimeException e) {
        return CheckResult.fail(
                Check.SCAN,
                Code.INTERNAL_ERROR,
                evidence.displayPath(),
                "Checking " + evidence.displayPath() + " failed on an internal error ("
                        + e.getClass().getName() + ": " + e.getMessage() + "), so the scan check fails.");
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /**
     * A Jackson message as a report's reader needs it: without the Java settings it names, and with positions as
     * {@code line 1, column 75} rather than as a source description.
     */
    private static String plain(String message) {
        String plain = String.valueOf(message)
                .replaceAll(",? *from `[^`]*`", "")
                .replaceAll("\\[Source: [^;]*; line: (\\d+), column: (\\d+)]", "line $1, column $2");
        return JsonCursor.oneLine(plain);
    }
}
