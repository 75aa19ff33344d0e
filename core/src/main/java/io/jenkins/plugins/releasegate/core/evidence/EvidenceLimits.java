package io.jenkins.plugins.releasegate.core.evidence;

import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Size caps per evidence kind, so a huge or endless file is refused before it is read. Each cap has a default that a
 * system property may change: {@code releasegate.maxEvidenceBytes.signature}, {@code ...sbom} or {@code ...scan},
 * in bytes. A value that is not a positive whole number is ignored, so the default cap stays in force.
 */
public final class EvidenceLimits {

    /** The system property prefix; the check's id completes the name. */
    public static final String CAP_PROPERTY = "releasegate.maxEvidenceBytes.";

    public static final long SIGNATURE_MAX_BYTES = 1L << 20;
    public static final long SBOM_MAX_BYTES = 256L << 20;
    public static final long SCAN_MAX_BYTES = 512L << 20;

    private EvidenceLimits() {}

    /** The cap for one kind of evidence, as the system properties set it now. */
    public static long maxBytes(Check check) {
        return maxBytes(check, System::getProperty);
    }

    static long maxBytes(Check check, UnaryOperator<String> properties) {
        String configured = properties.apply(CAP_PROPERTY + check.id());
        if (configured != null) {
            try {
                long cap = Long.parseLong(configured.strip());
                if (cap > 0) {
                    return cap;
                }
            } catch (NumberFormatException ignored) {
                // an unreadable cap must not lift the limit, so the default below applies
            }
        }
        return defaultMaxBytes(check);
    }

    private static long defaultMaxBytes(Check check) {
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
                evidence.displayPath() + " is larger than the " + describe(max) + " allowed for " + check.id()
                        + " evidence (" + CAP_PROPERTY + check.id() + "), so it was not read and the "
                        + check.id() + " check fails.");
    }

    private static String describe(long bytes) {
        return bytes % (1L << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
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
