package io.jenkins.plugins.releasegate.core.evidence;

import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Optional;

/** Size caps per evidence kind, so a huge or endless file is refused before it is read. */
public final class EvidenceLimits {

    public static final long SIGNATURE_MAX_BYTES = 1L << 20;
    public static final long SBOM_MAX_BYTES = 256L << 20;
    public static final long SCAN_MAX_BYTES = 512L << 20;

    private EvidenceLimits() {}

    public static long maxBytes(Check check) {
        return switch (check) {
            case SIGNATURE -> SIGNATURE_MAX_BYTES;
            case SBOM -> SBOM_MAX_BYTES;
            case SCAN -> SCAN_MAX_BYTES;
        };
    }

    /**
     * Reads a whole evidence file if it is within the cap of its kind, or returns the failure to report. The cap is
     * checked again while reading, so a file that grows is refused too.
     */
    public static Reading readAll(Check check, EvidenceFile evidence) {
        long max = maxBytes(check);
        try (InputStream in = Files.newInputStream(evidence.path())) {
            if (Files.size(evidence.path()) > max) {
                return Reading.failed(tooLarge(check, evidence, max));
            }
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                return Reading.failed(tooLarge(check, evidence, max));
            }
            return new Reading(bytes, null);
        } catch (IOException e) {
            return Reading.failed(unreadable(check, evidence, e));
        }
    }

    public static CheckResult tooLarge(Check check, EvidenceFile evidence, long max) {
        return CheckResult.fail(
                check,
                Code.EVIDENCE_TOO_LARGE,
                evidence.displayPath(),
                evidence.displayPath() + " is larger than the " + (max >> 20) + " MiB allowed for " + check.id()
                        + " evidence, so it was not read.");
    }

    public static CheckResult unreadable(Check check, EvidenceFile evidence, IOException e) {
        String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return CheckResult.fail(
                check,
                Code.EVIDENCE_UNREADABLE,
                evidence.displayPath(),
                evidence.displayPath() + " could not be read (" + reason + ").");
    }

    /** The bytes of an evidence file, or the failure that reading it ended in. */
    public record Reading(byte[] bytes, CheckResult failure) {

        static Reading failed(CheckResult failure) {
            return new Reading(null, failure);
        }

        public Optional<CheckResult> failed() {
            return Optional.ofNullable(failure);
        }
    }
}
