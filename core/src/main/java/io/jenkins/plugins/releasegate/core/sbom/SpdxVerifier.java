package io.jenkins.plugins.releasegate.core.sbom;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactDigests;
import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import io.jenkins.plugins.releasegate.core.evidence.ArtifactContext;
import io.jenkins.plugins.releasegate.core.evidence.CappedInputStream;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceLimits;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceRejection;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceVerifier;
import io.jenkins.plugins.releasegate.core.evidence.PendingCheck;
import io.jenkins.plugins.releasegate.core.evidence.ReleaseWideReader;
import io.jenkins.plugins.releasegate.core.policy.SbomFormat;
import io.jenkins.plugins.releasegate.core.policy.SbomPolicy;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Verifies SPDX 2.3 JSON SBOMs. Reading a file parses it once, refuses duplicate keys, requires {@code spdxVersion}
 * {@code SPDX-2.3} (other versions, SPDX 2.2 included, are unsupported) and validates the document against the
 * official SPDX 2.3 JSON schema; completing the check compares the checksums of the packages and files the document
 * describes with the artifact's digests and applies the policy's binding rule (see {@link SpdxBinding}). The facts
 * name the {@code format} ({@code SPDX 2.3 JSON}), the number of {@code packages}, the {@code documentNamespace}, what
 * the document {@code describes} and how it binds ({@code boundBy}).
 *
 * <p>One instance serves many threads at once: it keeps no state per file, and the schema it validates with is
 * compiled once per JVM.
 */
public final class SpdxVerifier implements EvidenceVerifier, ReleaseWideReader {

    private static final int BUFFER_BYTES = 64 * 1024;

    private final SbomPolicy policy;
    private final SpdxBinding binding;
    private final long maxBytes;
    private final SpdxJsonReader reader = new SpdxJsonReader();

    public SpdxVerifier(SbomPolicy policy) {
        this(policy, EvidenceLimits.maxBytes(Check.SBOM));
    }

    SpdxVerifier(SbomPolicy policy, long maxBytes) {
        this.policy = policy;
        this.binding = new SpdxBinding(policy.binding(), policy.evidence());
        this.maxBytes = maxBytes;
    }

    @Override
    public Check check() {
        return Check.SBOM;
    }

    @Override
    public PendingCheck read(EvidenceFile evidence, ArtifactContext artifact) {
        try {
            if (!policy.formats().contains(SbomFormat.SPDX)) {
                return PendingCheck.decided(formatNotAllowed(evidence));
            }
            return readDocument(evidence, artifact);
        } catch (RuntimeException | StackOverflowError e) {
            return PendingCheck.decided(internalError(evidence, e));
        }
    }

    private PendingCheck readDocument(EvidenceFile evidence, ArtifactContext artifact) {
        DocumentReading reading = readDocument(evidence);
        return reading.failure() != null
                ? PendingCheck.decided(reading.failure())
                : new BindingCheck(reading.document(), evidence, artifact);
    }

    /**
     * Reads an SPDX document of a whole release once, validated as any other; it binds to each artifact one of its
     * packages or files names by a strong checksum.
     */
    @Override
    public Reading readReleaseWide(EvidenceFile evidence) {
        try {
            if (!policy.formats().contains(SbomFormat.SPDX)) {
                return Reading.failed(formatNotAllowed(evidence));
            }
            DocumentReading reading = readDocument(evidence);
            if (reading.failure() != null) {
                return Reading.failed(reading.failure());
            }
            SpdxDocument document = reading.document();
            return Reading.read(
                    new ReleaseWideSbom(evidence, SpdxDocument.FORMAT, document.packageCount(), document.listed()));
        } catch (RuntimeException | StackOverflowError e) {
            return Reading.failed(internalError(evidence, e));
        }
    }

    private DocumentReading readDocument(EvidenceFile evidence) {
        CappedInputStream capped = null;
        try {
            if (Files.size(evidence.path()) > maxBytes) {
                return DocumentReading.failed(EvidenceLimits.tooLarge(Check.SBOM, evidence, maxBytes));
            }
            try (InputStream file = Files.newInputStream(evidence.path())) {
                capped = new CappedInputStream(file, maxBytes);
                return DocumentReading.read(
                        reader.read(new BufferedInputStream(capped, BUFFER_BYTES), evidence.displayPath()));
            }
        } catch (EvidenceRejection rejection) {
            if (capped != null && capped.exceeded()) {
                return DocumentReading.failed(EvidenceLimits.tooLarge(Check.SBOM, evidence, maxBytes));
            }
            return DocumentReading.failed(
                    CheckResult.fail(Check.SBOM, rejection.code(), evidence.displayPath(), rejection.detail()));
        } catch (IOException e) {
            if (capped != null && capped.exceeded()) {
                return DocumentReading.failed(EvidenceLimits.tooLarge(Check.SBOM, evidence, maxBytes));
            }
            return DocumentReading.failed(EvidenceLimits.unreadable(Check.SBOM, evidence, e));
        }
    }

    /** The outcome of reading one file: the document, or the failed check it ends in. */
    private record DocumentReading(SpdxDocument document, CheckResult failure) {

        static DocumentReading read(SpdxDocument document) {
            return new DocumentReading(document, null);
        }

        static DocumentReading failed(CheckResult failure) {
            return new DocumentReading(null, failure);
        }
    }

    private CheckResult formatNotAllowed(EvidenceFile evidence) {
        String accepted =
                policy.formats().stream().map(SbomFormat::word).sorted().collect(Collectors.joining(", "));
        return CheckResult.fail(
                Check.SBOM,
                Code.SBOM_FORMAT_NOT_ALLOWED,
                evidence.displayPath(),
                evidence.displayPath() + " is an SPDX SBOM, which the policy does not accept (it accepts "
                        + (accepted.isEmpty() ? "no SBOM format" : accepted) + "), so the SBOM check fails.");
    }

    private static CheckResult internalError(EvidenceFile evidence, Throwable e) {
        return CheckResult.fail(
                Check.SBOM,
                Code.INTERNAL_ERROR,
                evidence.displayPath(),
                "Checking " + evidence.displayPath() + " failed unexpectedly ("
                        + e.getClass().getName() + ": " + DetailText.message(e.getMessage())
                        + "), so the SBOM check fails.");
    }

    /** A valid SPDX document waiting for the artifact's digests to decide whether it binds. */
    private final class BindingCheck implements PendingCheck {

        private final SpdxDocument document;
        private final EvidenceFile evidence;
        private final ArtifactContext artifact;
        private final Set<DigestAlgorithm> digestsNeeded;

        BindingCheck(SpdxDocument document, EvidenceFile evidence, ArtifactContext artifact) {
            this.document = document;
            this.evidence = evidence;
            this.artifact = artifact;
            this.digestsNeeded = Set.copyOf(SpdxBinding.digestsToCompare(document));
        }

        @Override
        public Set<DigestAlgorithm> digestsNeeded() {
            return digestsNeeded;
        }

        @Override
        public CheckResult complete(ArtifactDigests digests) {
            try {
                return binding.decide(document, evidence, artifact, digests);
            } catch (RuntimeException e) {
                return internalError(evidence, e);
            }
        }
    }
}
