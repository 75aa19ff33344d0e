package io.jenkins.plugins.releasegate.core.scan;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.JsonRecyclerPools;
import io.jenkins.plugins.releasegate.core.evidence.ArtifactContext;
import io.jenkins.plugins.releasegate.core.evidence.CappedInputStream;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceLimits;
import io.jenkins.plugins.releasegate.core.evidence.FindingWaivers;
import io.jenkins.plugins.releasegate.core.evidence.PendingCheck;
import io.jenkins.plugins.releasegate.core.evidence.ReleaseWideReader;
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
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Reads a JSON scan report of any format as a stream, within the cap {@link EvidenceLimits#maxBytes} sets for scans,
 * and turns every way that reading can end badly into the failed check it means: too large, unreadable, changed while
 * read, not JSON, not the format. Duplicate keys are refused, since two readers of one report could otherwise see different findings.
 */
final class ScanReportFile {

    /** Deeper than any scan report nests; reached only by a file made to exhaust the parser. */
    static final int MAX_NESTING_DEPTH = 1000;

    /**
     * The longest string a reader decodes. Strings it does not need, such as embedded file contents, are skipped
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

    private ScanReportFile() {}

    /**
     * Reads one report with the given reader, which may open the file more than once.
     *
     * @return the reader's result, or the failed check that reading ended in
     */
    static <T> Reading<T> read(EvidenceFile evidence, long maxBytes, Reader<T> reader) {
        String name = evidence.displayPath();
        try {
            long size = Files.size(evidence.path());
            if (size > maxBytes) {
                return Reading.failed(EvidenceLimits.tooLarge(Check.SCAN, evidence, maxBytes));
            }
            FileTime modified = Files.getLastModifiedTime(evidence.path());
            T report = reader.read(
                    () -> JSON.createParser(new CappedInputStream(Files.newInputStream(evidence.path()), maxBytes)));
            if (size != Files.size(evidence.path()) || !modified.equals(Files.getLastModifiedTime(evidence.path()))) {
                // What was read may mix two versions of the file, especially when it was read in two passes.
                throw new IOException("it changed while it was read");
            }
            return new Reading<>(report, null);
        } catch (ReportRejection e) {
            return failed(evidence, e.code(), name + " " + e.getMessage() + ", so the scan check fails.");
        } catch (CappedInputStream.LimitExceeded e) {
            return Reading.failed(EvidenceLimits.tooLarge(Check.SCAN, evidence, maxBytes));
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
            return Reading.failed(EvidenceLimits.unreadable(Check.SCAN, evidence, e));
        }
    }

    /**
     * Reads one report of a format the gate weighs like SARIF, and returns the check that waits for the artifact's
     * digests, or the failure that reading ended in.
     *
     * @param description what the format is, for sentences, for example {@code a Trivy report}
     */
    static PendingCheck verify(
            ScanPolicy policy,
            Clock clock,
            ScanFormat format,
            String description,
            EvidenceFile evidence,
            ArtifactContext artifact,
            ReportReader reader) {
        Optional<PendingCheck> notAllowed = notAllowed(policy, format, description, evidence);
        if (notAllowed.isPresent()) {
            return notAllowed.get();
        }
        FindingWaivers waivers = Objects.requireNonNullElse(artifact.findingWaivers(), FindingWaivers.none());
        FindingTally tally = new FindingTally(policy.failOn(), waivers);
        Reading<ScanReport> reading = read(
                evidence,
                EvidenceLimits.maxBytes(Check.SCAN),
                source -> reader.read(source, artifact.fileName(), tally));
        if (reading.failure() != null) {
            return reading.failedCheck();
        }
        return new ScanPendingCheck(evidence, artifact.fileName(), policy, clock, reading.report(), tally.summary());
    }

    /**
     * Reads a report once as release-wide evidence: the digests of every file it lists are kept, and its findings are
     * weighed without finding exceptions; artifacts that finding exceptions cover get them weighed again later.
     */
    static ReleaseWideReader.Reading readReleaseWide(
            ScanPolicy policy,
            Clock clock,
            ScanFormat format,
            String description,
            EvidenceFile evidence,
            ReportReader reader) {
        try {
            Optional<PendingCheck> notAllowed = notAllowed(policy, format, description, evidence);
            if (notAllowed.isPresent()) {
                return ReleaseWideReader.Reading.failed(notAllowed.get().complete(null));
            }
            long maxBytes = EvidenceLimits.maxBytes(Check.SCAN);
            FindingTally tally = new FindingTally(policy.failOn(), FindingWaivers.none());
            Reading<ScanReport> reading = read(evidence, maxBytes, source -> reader.read(source, null, tally));
            if (reading.failure() != null) {
                return ReleaseWideReader.Reading.failed(reading.failure());
            }
            ReleaseWideScan.Weighing weighing = waivers -> {
                FindingTally again = new FindingTally(policy.failOn(), waivers);
                Reading<ScanReport> reread = read(evidence, maxBytes, source -> reader.read(source, null, again));
                return reread.failure() != null
                        ? Reading.failed(reread.failure())
                        : new Reading<>(again.summary(), null);
            };
            return ReleaseWideReader.Reading.read(
                    new ReleaseWideScan(evidence, policy, clock, reading.report(), tally.summary(), weighing));
        } catch (RuntimeException e) {
            return ReleaseWideReader.Reading.failed(internalError(evidence, e));
        }
    }

    /** The failure for a report whose format the policy does not accept, or empty when it accepts it. */
    static Optional<PendingCheck> notAllowed(
            ScanPolicy policy, ScanFormat format, String description, EvidenceFile evidence) {
        if (policy.formats().contains(format)) {
            return Optional.empty();
        }
        String accepted =
                policy.formats().stream().map(ScanFormat::word).sorted().collect(Collectors.joining(", "));
        return Optional.of(PendingCheck.decided(CheckResult.fail(
                Check.SCAN,
                Code.SCAN_FORMAT_NOT_ALLOWED,
                evidence.displayPath(),
                evidence.displayPath() + " is " + description + ", but the policy accepts only "
                        + (accepted.isEmpty() ? "no scan format" : accepted) + ", so the scan check fails.")));
    }

    static CheckResult internalError(EvidenceFile evidence, RuntimeException e) {
        return CheckResult.fail(
                Check.SCAN,
                Code.INTERNAL_ERROR,
                evidence.displayPath(),
                "Checking " + evidence.displayPath() + " failed on an internal error ("
                        + e.getClass().getName() + ": " + e.getMessage() + "), so the scan check fails.");
    }

    private static <T> Reading<T> failed(EvidenceFile evidence, Code code, String detail) {
        return Reading.failed(CheckResult.fail(Check.SCAN, code, evidence.displayPath(), detail));
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

    /** Reads one report from parsers over its file. */
    @FunctionalInterface
    interface Reader<T> {
        T read(ParserSource source) throws IOException, ReportRejection;
    }

    /** Reads one report of a format, giving its findings to the tally as they pass. */
    @FunctionalInterface
    interface ReportReader {
        ScanReport read(ParserSource source, String artifactName, FindingTally tally)
                throws IOException, ReportRejection;
    }

    /** Opens the report for one pass over it. */
    @FunctionalInterface
    interface ParserSource {
        JsonParser open() throws IOException;
    }

    /** A report that was read, or the failed check that reading it ended in. */
    record Reading<T>(T report, CheckResult failure) {

        static <T> Reading<T> failed(CheckResult failure) {
            return new Reading<>(null, failure);
        }

        PendingCheck failedCheck() {
            return PendingCheck.decided(failure);
        }
    }
}
