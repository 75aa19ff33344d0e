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
 * Verifies CycloneDX SBOMs, JSON or XML, of specification 1.4, 1.5 or 1.6. Reading a file parses it once, refuses
 * duplicate JSON keys and any XML DOCTYPE, and validates it against its version's schema with formats such as
 * {@code date-time} asserted; completing the check compares the digests the described component states with the
 * artifact's and applies the policy's binding rule (see {@link SbomBinding}).
 *
 * <p>One instance serves many threads at once: it keeps no state per file, and the schemas it validates with are
 * compiled once per JVM.
 */
public final class CycloneDxVerifier implements EvidenceVerifier, ReleaseWideReader {

    /**
     * How deep a document may nest, in JSON values or XML elements. Real SBOMs stay far below it, while the JSON schema
     * validator recurses per level and a few hundred levels of nested components exhaust a thread's stack.
     */
    static final int MAX_NESTING = 256;

    private static final int SNIFF_BYTES = 1024;
    private static final int BUFFER_BYTES = 64 * 1024;

    private final SbomPolicy policy;
    private final SbomBinding binding;
    private final long maxBytes;
    private final CycloneDxJsonReader jsonReader = new CycloneDxJsonReader();
    private final CycloneDxXmlReader xmlReader = new CycloneDxXmlReader();

    public CycloneDxVerifier(SbomPolicy policy) {
        this(policy, EvidenceLimits.maxBytes(Check.SBOM));
    }

    CycloneDxVerifier(SbomPolicy policy, long maxBytes) {
        this.policy = policy;
        this.binding = new SbomBinding(policy.binding(), policy.evidence());
        this.maxBytes = maxBytes;
    }

    /**
     * Compiles, ahead of the first SBOM, the JSON schema of the newest CycloneDX version. The first schema costs a few
     * hundred milliseconds (the validator's own classes and meta-schema); any other version after it costs little.
     * Safe from any thread; a failure here is left for the first real check to meet and report.
     */
    public static void preload() {
        CycloneDxSchemas.json(CycloneDxVersion.values()[CycloneDxVersion.values().length - 1]);
    }

    @Override
    public Check check() {
        return Check.SBOM;
    }

    @Override
    public PendingCheck read(EvidenceFile evidence, ArtifactContext artifact) {
        try {
            if (!policy.formats().contains(SbomFormat.CYCLONEDX)) {
                return PendingCheck.decided(formatNotAllowed(evidence));
            }
            DocumentReading reading = readDocument(evidence);
            if (reading.failure() != null) {
                return PendingCheck.decided(reading.failure());
            }
            return new BindingCheck(reading.document(), evidence, artifact);
        } catch (RuntimeException | StackOverflowError e) {
            return PendingCheck.decided(internalError(evidence, e));
        }
    }

    /**
     * Reads a CycloneDX SBOM of a whole release once, validated as any other; it binds to each artifact one of its
     * components names by a strong digest, in JSON or XML.
     */
    @Override
    public Reading readReleaseWide(EvidenceFile evidence) {
        try {
            if (!policy.formats().contains(SbomFormat.CYCLONEDX)) {
                return Reading.failed(formatNotAllowed(evidence));
            }
            DocumentReading reading = readDocument(evidence);
            if (reading.failure() != null) {
                return Reading.failed(reading.failure());
            }
            SbomDocument document = reading.document();
            return Reading.read(
                    new ReleaseWideSbom(evidence, document.format(), document.componentCount(), document.listed()));
        } catch (RuntimeException | StackOverflowError e) {
            return Reading.failed(internalError(evidence, e));
        }
    }

    /**
     * Reads, parses and validates one file as a CycloneDX document, without looking at any artifact. Never throws:
     * whatever goes wrong is the failure of the reading.
     */
    DocumentReading readDocument(EvidenceFile evidence) {
        CappedInputStream capped = null;
        try {
            if (Files.size(evidence.path()) > maxBytes) {
                return DocumentReading.failed(EvidenceLimits.tooLarge(Check.SBOM, evidence, maxBytes));
            }
            try (InputStream file = Files.newInputStream(evidence.path())) {
                capped = new CappedInputStream(file, maxBytes);
                return DocumentReading.read(parse(new BufferedInputStream(capped, BUFFER_BYTES), evidence));
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
        } catch (RuntimeException | StackOverflowError e) {
            return DocumentReading.failed(internalError(evidence, e));
        }
    }

    private SbomDocument parse(BufferedInputStream in, EvidenceFile evidence) throws EvidenceRejection, IOException {
        String name = evidence.displayPath();
        in.mark(SNIFF_BYTES);
        byte[] head = in.readNBytes(SNIFF_BYTES);
        in.reset();
        int first = firstSignificantByte(head);
        if (first == '{' || first == '[') {
            return jsonReader.read(in, name);
        }
        if (first == '<') {
            return xmlReader.read(in, name);
        }
        if (first < 0 && head.length < SNIFF_BYTES) {
            throw new EvidenceRejection(
                    Code.SBOM_MALFORMED, name + " is empty or holds only white space, so the SBOM check fails.");
        }
        throw new EvidenceRejection(
                Code.SBOM_UNKNOWN_FORMAT,
                name + " is neither JSON nor XML, so it is no CycloneDX SBOM and the SBOM check fails.");
    }

    /** The first byte that is not white space or part of a byte order mark, or -1; enough to tell JSON from XML. */
    private static int firstSignificantByte(byte[] head) {
        for (byte b : head) {
            int c = b & 0xff;
            boolean skippable = c == ' '
                    || c == '\t'
                    || c == '\r'
                    || c == '\n'
                    || c == 0 // NUL: UTF-16 and UTF-32
                    || c == 0xEF
                    || c == 0xBB
                    || c == 0xBF
                    || c == 0xFE
                    || c == 0xFF;
            if (!skippable) {
                return c;
            }
        }
        return -1;
    }

    private CheckResult formatNotAllowed(EvidenceFile evidence) {
        String accepted =
                policy.formats().stream().map(SbomFormat::word).sorted().collect(Collectors.joining(", "));
        return CheckResult.fail(
                Check.SBOM,
                Code.SBOM_FORMAT_NOT_ALLOWED,
                evidence.displayPath(),
                evidence.displayPath() + " is a CycloneDX SBOM, which the policy does not accept (it accepts "
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

    /** The outcome of reading one file: the document, or the failed check it ends in. */
    record DocumentReading(SbomDocument document, CheckResult failure) {

        static DocumentReading read(SbomDocument document) {
            return new DocumentReading(document, null);
        }

        static DocumentReading failed(CheckResult failure) {
            return new DocumentReading(null, failure);
        }
    }

    /** A valid SBOM waiting for the artifact's digests to decide whether it binds. */
    private final class BindingCheck implements PendingCheck {

        private final SbomDocument document;
        private final EvidenceFile evidence;
        private final ArtifactContext artifact;
        private final Set<DigestAlgorithm> digestsNeeded;

        BindingCheck(SbomDocument document, EvidenceFile evidence, ArtifactContext artifact) {
            this.document = document;
            this.evidence = evidence;
            this.artifact = artifact;
            this.digestsNeeded = Set.copyOf(SbomBinding.digestsToCompare(document));
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
