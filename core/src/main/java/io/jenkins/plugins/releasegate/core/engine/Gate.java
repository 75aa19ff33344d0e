package io.jenkins.plugins.releasegate.core.engine;

import io.jenkins.plugins.releasegate.core.artifact.Artifact;
import io.jenkins.plugins.releasegate.core.artifact.ArtifactCollector;
import io.jenkins.plugins.releasegate.core.artifact.ArtifactDigests;
import io.jenkins.plugins.releasegate.core.artifact.ArtifactHasher;
import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import io.jenkins.plugins.releasegate.core.artifact.GateInputException;
import io.jenkins.plugins.releasegate.core.evidence.ArtifactContext;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFile;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceFormat;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceLocator;
import io.jenkins.plugins.releasegate.core.evidence.EvidenceVerifier;
import io.jenkins.plugins.releasegate.core.evidence.FormatSniffer;
import io.jenkins.plugins.releasegate.core.evidence.PendingCheck;
import io.jenkins.plugins.releasegate.core.evidence.ReleaseWideReader;
import io.jenkins.plugins.releasegate.core.evidence.StreamingCheck;
import io.jenkins.plugins.releasegate.core.policy.Policy;
import io.jenkins.plugins.releasegate.core.policy.PolicyWriter;
import io.jenkins.plugins.releasegate.core.policy.SignatureFormat;
import io.jenkins.plugins.releasegate.core.verdict.ArtifactReport;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import io.jenkins.plugins.releasegate.core.verdict.GateReport;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import io.jenkins.plugins.releasegate.core.verdict.Verdict;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The release gate: decides, for every artifact given, whether it carries a valid signature, an SBOM that describes
 * it and scan results that pass the policy. Each artifact is read once, and a second time only when its file stamps
 * cannot vouch that it stayed the same while it was read; artifacts are checked in parallel.
 */
public final class Gate {

    /** The words and codes the gate itself uses for each check. */
    private record CheckTerms(String noun, Code missing, Code notRequired, Code unknownFormat, Code notAllowed) {}

    private static final Map<Check, CheckTerms> TERMS = Map.of(
            Check.SIGNATURE,
            new CheckTerms(
                    "signature",
                    Code.SIGNATURE_MISSING,
                    Code.SIGNATURE_NOT_REQUIRED,
                    Code.SIGNATURE_UNKNOWN_FORMAT,
                    Code.SIGNATURE_FORMAT_NOT_ALLOWED),
            Check.SBOM,
            new CheckTerms(
                    "SBOM",
                    Code.SBOM_MISSING,
                    Code.SBOM_NOT_REQUIRED,
                    Code.SBOM_UNKNOWN_FORMAT,
                    Code.SBOM_FORMAT_NOT_ALLOWED),
            Check.SCAN,
            new CheckTerms(
                    "scan report",
                    Code.SCAN_MISSING,
                    Code.SCAN_NOT_REQUIRED,
                    Code.SCAN_UNKNOWN_FORMAT,
                    Code.SCAN_FORMAT_NOT_ALLOWED));

    private final Policy policy;
    private final Map<EvidenceFormat, EvidenceVerifier> verifiers;
    private final Clock clock;
    private final EvidenceLocator locator;
    private final ScanKinds scanKinds;
    private final int threads;

    /**
     * @param verifiers the verifier for each evidence format this gate can check; evidence in any other format fails
     *     its check as unsupported
     */
    public Gate(Policy policy, Map<EvidenceFormat, EvidenceVerifier> verifiers, Clock clock) {
        this.policy = policy;
        this.verifiers = Map.copyOf(verifiers);
        this.clock = clock;
        this.locator = new EvidenceLocator(policy);
        this.scanKinds = new ScanKinds(policy.scan());
        this.threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    /**
     * Gates the given files and folders, named in the report as given.
     *
     * @param inputs files and folders, relative to {@code workingFolder} unless absolute
     * @throws GateInputException when an input does not exist; nothing is gated then
     */
    public GateReport verify(List<String> inputs, Path workingFolder) throws GateInputException {
        return verify(inputs, workingFolder, EnumSet.allOf(Check.class));
    }

    /**
     * Gates the given files and folders on some checks only, for example the SBOM and scan checks that must pass
     * before an artifact is signed. The report holds only those checks, and the verdicts follow from them alone.
     */
    public GateReport verify(List<String> inputs, Path workingFolder, Set<Check> checks) throws GateInputException {
        if (checks.isEmpty()) {
            throw new IllegalArgumentException("A gate needs at least one check to run");
        }
        Instant started = clock.instant();
        ArtifactCollector.Collected collected =
                new ArtifactCollector(policy.artifacts()).collect(inputs, workingFolder);
        ExceptionRegister register = new ExceptionRegister(policy.exceptions(), ZonedDateTime.now(clock));

        List<ReleaseWideCandidate> releaseWide = readReleaseWide(
                new ReleaseWideLocator(locator).find(inputs, workingFolder, collected.artifacts(), checks));
        List<ArtifactReport> reports = checkAll(collected.artifacts(), register, Set.copyOf(checks), releaseWide);
        List<String> notes = new ArrayList<>(collected.notes());
        releaseWide.forEach(candidate -> releaseWideNote(candidate).ifPresent(notes::add));
        boolean passed = reports.stream().allMatch(report -> report.verdict() == Verdict.PASS);
        if (reports.isEmpty()) {
            notes.add("No artifacts were found in " + String.join(", ", inputs)
                    + ", so nothing was gated and the gate fails.");
            passed = false;
        }
        return new GateReport(Verdict.of(passed), policy.audit(), PolicyWriter.sha256(policy), started, reports, notes);
    }

    private List<ArtifactReport> checkAll(
            List<Artifact> artifacts,
            ExceptionRegister register,
            Set<Check> checks,
            List<ReleaseWideCandidate> releaseWide) {
        if (artifacts.size() <= 1) {
            return artifacts.stream()
                    .map(artifact -> check(artifact, register, checks, releaseWide))
                    .toList();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, artifacts.size()), runnable -> {
            Thread thread = new Thread(runnable, "release-gate-worker");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<ArtifactReport>> futures = artifacts.stream()
                    .map(artifact -> pool.submit(() -> check(artifact, register, checks, releaseWide)))
                    .toList();
            List<ArtifactReport> reports = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                reports.add(await(futures.get(i), artifacts.get(i), checks));
            }
            return reports;
        } finally {
            pool.shutdownNow();
        }
    }

    private static ArtifactReport await(Future<ArtifactReport> future, Artifact artifact, Set<Check> checks) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failedEverywhere(
                    artifact,
                    checks,
                    Code.INTERNAL_ERROR,
                    "The gate was interrupted before it finished " + artifact.displayPath() + ".");
        } catch (ExecutionException e) {
            return failedEverywhere(
                    artifact,
                    checks,
                    Code.INTERNAL_ERROR,
                    "An internal error stopped the checks of " + artifact.displayPath() + ": " + e.getCause());
        }
    }

    /**
     * Checks one artifact: reads its evidence, hashes it once, completes every check with the release-wide evidence
     * of its folder beside its own, applies exceptions.
     */
    private ArtifactReport check(
            Artifact artifact, ExceptionRegister register, Set<Check> checks, List<ReleaseWideCandidate> releaseWide) {
        if (artifact.refusal() != null) {
            return failedEverywhere(
                    artifact,
                    checks,
                    artifact.refusal().code(),
                    artifact.refusal().reason());
        }
        // Wall-clock time, whatever clock the gate judges by: it is compared with the file system's own stamps.
        Instant readStarted = Instant.now();
        FileState before = FileState.of(artifact.file());
        ArtifactContext context = new ArtifactContext(
                artifact.displayPath(), artifact.fileName(), register.findingWaivers(artifact.displayPath()));
        Map<Check, List<PendingCheck>> pending = new EnumMap<>(Check.class);
        Set<DigestAlgorithm> needed = EnumSet.of(DigestAlgorithm.SHA_256);
        for (Check check : selected(checks)) {
            List<PendingCheck> found = new ArrayList<>(locator.locate(artifact, check).stream()
                    .map(located -> located.refusal() == null
                            ? read(check, located.file(), context)
                            : PendingCheck.decided(CheckResult.fail(
                                    check,
                                    Code.EVIDENCE_UNSAFE_PATH,
                                    located.file().displayPath(),
                                    located.refusal())))
                    .toList());
            if (check == Check.SIGNATURE && carriesItsOwnSignature(artifact)) {
                found.add(read(EvidenceFormat.JAR, new EvidenceFile(artifact.file(), artifact.displayPath()), context));
            }
            found.forEach(p -> needed.addAll(p.digestsNeeded()));
            pending.put(check, found);
        }
        List<ReleaseWideCandidate> covering = releaseWide.stream()
                .filter(candidate -> candidate.covers(artifact))
                .toList();
        covering.stream()
                .map(candidate -> candidate.reading().evidence())
                .filter(Objects::nonNull)
                .forEach(evidence -> needed.addAll(evidence.digestsNeeded()));

        ArtifactDigests digests;
        try {
            List<Consumer<ByteBuffer>> readers = pending.values().stream()
                    .flatMap(List::stream)
                    .filter(StreamingCheck.class::isInstance)
                    .map(StreamingCheck.class::cast)
                    .<Consumer<ByteBuffer>>map(streaming -> streaming::update)
                    .toList();
            digests = ArtifactHasher.digest(artifact.file(), needed, readers);
        } catch (IOException e) {
            return failedEverywhere(
                    artifact,
                    checks,
                    Code.ARTIFACT_UNREADABLE,
                    artifact.displayPath() + " could not be read (" + e.getMessage() + ").");
        }

        for (ReleaseWideCandidate candidate : covering) {
            releaseWideCheck(candidate, context, digests)
                    .ifPresent(result -> pending.get(candidate.check()).add(PendingCheck.decided(result)));
        }

        List<CheckResult> results = new ArrayList<>();
        for (Check check : selected(checks)) {
            CheckResult result = combine(check, pending.get(check), digests, artifact);
            results.add(register.apply(artifact.displayPath(), result));
        }
        Optional<String> change = changeWhileRead(artifact, before, readStarted, digests);
        if (change.isPresent()) {
            return failedEverywhere(artifact, checks, Code.ARTIFACT_CHANGED, change.get());
        }
        boolean passed = results.stream().allMatch(result -> result.status().allowsPromotion());
        return new ArtifactReport(artifact.displayPath(), digests.sha256(), Verdict.of(passed), results);
    }

    /**
     * Why no verdict about an artifact holds because it changed while the gate read it: what was hashed may not be
     * what ships. The file's stamps decide where they can; where they cannot, its SHA-256 is computed again, so that
     * an artifact whose stamps vouch for it is still read only once.
     */
    private static Optional<String> changeWhileRead(
            Artifact artifact, FileState before, Instant readStarted, ArtifactDigests digests) {
        String name = artifact.displayPath();
        String retry = ", so no verdict about it holds; gate it again once it is final.";
        FileState.Comparison comparison = before.against(FileState.of(artifact.file()), readStarted);
        if (comparison == FileState.Comparison.SAME) {
            return Optional.empty();
        }
        if (comparison == FileState.Comparison.GONE) {
            return Optional.of(name + " was deleted or moved while the gate read it" + retry);
        }
        if (comparison == FileState.Comparison.CHANGED) {
            return Optional.of(name + " was rewritten or replaced while the gate read it" + retry);
        }

        // The stamps cannot tell, so the content decides.
        String now;
        try {
            now = ArtifactHasher.digest(artifact.file(), Set.of()).sha256();
        } catch (IOException e) {
            return Optional.of(
                    name + " could not be read again after the gate read it (" + e.getMessage() + ")" + retry);
        }
        if (now.equals(digests.sha256())) {
            return Optional.empty();
        }
        return Optional.of(name + " changed while the gate read it: its SHA-256 was " + digests.sha256()
                + " when read and is " + now + " now" + retry);
    }

    private PendingCheck read(Check check, EvidenceFile evidence, ArtifactContext context) {
        Optional<EvidenceFormat> format;
        try {
            format = FormatSniffer.sniff(check, evidence.path());
        } catch (IOException e) {
            return PendingCheck.decided(CheckResult.fail(
                    check,
                    Code.EVIDENCE_UNREADABLE,
                    evidence.displayPath(),
                    evidence.displayPath() + " could not be read (" + e.getMessage() + ")."));
        }
        if (format.isEmpty()) {
            return PendingCheck.decided(CheckResult.fail(
                    check,
                    TERMS.get(check).unknownFormat(),
                    evidence.displayPath(),
                    evidence.displayPath() + " is in no " + check.id() + " format the gate knows, so it fails the "
                            + check.id() + " check."));
        }
        return read(format.get(), evidence, context);
    }

    /** Hands evidence of a known format to its verifier, if the policy accepts the format and a verifier exists. */
    private PendingCheck read(EvidenceFormat format, EvidenceFile evidence, ArtifactContext context) {
        Check check = format.check();
        if (!allowed(format)) {
            return PendingCheck.decided(CheckResult.fail(
                    check,
                    TERMS.get(check).notAllowed(),
                    evidence.displayPath(),
                    evidence.displayPath() + " is " + format.description() + ", which the policy does not" + " accept ("
                            + check.id() + ".formats)."));
        }
        EvidenceVerifier verifier = verifiers.get(format);
        if (verifier == null) {
            return PendingCheck.decided(CheckResult.fail(
                    check,
                    Code.EVIDENCE_FORMAT_UNSUPPORTED,
                    evidence.displayPath(),
                    evidence.displayPath() + " is " + format.description()
                            + ", which this version of Release Gate cannot verify yet."));
        }
        try {
            return verifier.read(evidence, context);
        } catch (RuntimeException e) {
            return PendingCheck.decided(internalError(check, evidence.displayPath(), e));
        }
    }

    /** Reads each release-wide candidate once, for every artifact of the run. */
    private List<ReleaseWideCandidate> readReleaseWide(List<ReleaseWideLocator.Found> found) {
        return found.stream()
                .map(candidate -> new ReleaseWideCandidate(
                        candidate.check(),
                        candidate.file(),
                        candidate.folder(),
                        candidate.folderName(),
                        readReleaseWide(candidate),
                        new AtomicBoolean()))
                .toList();
    }

    private ReleaseWideReader.Reading readReleaseWide(ReleaseWideLocator.Found candidate) {
        Check check = candidate.check();
        EvidenceFile evidence = candidate.file();
        String name = evidence.displayPath();
        try {
            Optional<String> refusal = EvidenceLocator.refusal(evidence.path(), candidate.folder(), name);
            if (refusal.isPresent()) {
                return ReleaseWideReader.Reading.failed(
                        CheckResult.fail(check, Code.EVIDENCE_UNSAFE_PATH, name, refusal.get()));
            }
            Optional<EvidenceFormat> format = FormatSniffer.sniff(check, evidence.path());
            if (format.isEmpty()) {
                return ReleaseWideReader.Reading.failed(CheckResult.fail(
                        check,
                        TERMS.get(check).unknownFormat(),
                        name,
                        name + " is in no " + check.id() + " format the gate knows, so it fails the " + check.id()
                                + " check."));
            }
            if (!allowed(format.get())) {
                return ReleaseWideReader.Reading.failed(CheckResult.fail(
                        check,
                        TERMS.get(check).notAllowed(),
                        name,
                        name + " is " + format.get().description() + ", which the policy does not accept (" + check.id()
                                + ".formats)."));
            }
            if (!(verifiers.get(format.get()) instanceof ReleaseWideReader reader)) {
                return ReleaseWideReader.Reading.unsupported(
                        name + " is " + format.get().description()
                                + ", which the gate does not read as release-wide evidence yet, so it was not used.");
            }
            return reader.readReleaseWide(evidence);
        } catch (IOException e) {
            return ReleaseWideReader.Reading.failed(CheckResult.fail(
                    check, Code.EVIDENCE_UNREADABLE, name, name + " could not be read (" + e.getMessage() + ")."));
        } catch (RuntimeException e) {
            return ReleaseWideReader.Reading.failed(internalError(check, name, e));
        }
    }

    /**
     * What a release-wide candidate says about one artifact in its folder. A candidate that could not be read or
     * validated fails the check of every artifact in its folder, since nobody can tell which of them it was meant for.
     */
    private static Optional<CheckResult> releaseWideCheck(
            ReleaseWideCandidate candidate, ArtifactContext context, ArtifactDigests digests) {
        ReleaseWideReader.Reading reading = candidate.reading();
        if (reading.failure() != null) {
            return Optional.of(reading.failure());
        }
        if (reading.evidence() == null) {
            return Optional.empty();
        }
        Optional<CheckResult> result;
        try {
            result = reading.evidence().bindTo(context, digests);
        } catch (RuntimeException e) {
            result = Optional.of(
                    internalError(candidate.check(), candidate.file().displayPath(), e));
        }
        result.ifPresent(bound -> candidate.used().set(true));
        return result;
    }

    /** The run's note about a release-wide candidate that was not used, or that failed checks. */
    private static Optional<String> releaseWideNote(ReleaseWideCandidate candidate) {
        ReleaseWideReader.Reading reading = candidate.reading();
        String name = candidate.file().displayPath();
        String folder = candidate.folderName();
        if (reading.failure() != null) {
            return Optional.of(name + " could not be used as release-wide evidence, so the "
                    + candidate.check().id() + " check of every artifact in " + folder + " fails: "
                    + reading.failure().detail());
        }
        if (reading.unsupported() != null) {
            return Optional.of(reading.unsupported());
        }
        if (!candidate.used().get()) {
            return Optional.of(name + " names no artifact of this release by digest, so it was not used.");
        }
        return Optional.empty();
    }

    /** Whether the artifact is a JAR signed inside, which the policy asks to verify as a signature. */
    private boolean carriesItsOwnSignature(Artifact artifact) {
        return policy.signature().formats().contains(SignatureFormat.JAR) && FormatSniffer.isSignedJar(artifact.file());
    }

    private CheckResult combine(Check check, List<PendingCheck> checks, ArtifactDigests digests, Artifact artifact) {
        if (checks.isEmpty()) {
            return required(check)
                    ? CheckResult.missing(
                            check,
                            TERMS.get(check).missing(),
                            "No " + TERMS.get(check).noun() + " was found for " + artifact.displayPath()
                                    + " (looked for " + expectedNames(check, artifact) + ").")
                    : CheckResult.pass(
                            check,
                            TERMS.get(check).notRequired(),
                            null,
                            "No " + TERMS.get(check).noun() + " is required.",
                            Map.of());
        }
        List<CheckResult> results = new ArrayList<>();
        for (PendingCheck pendingCheck : checks) {
            try {
                results.add(pendingCheck.complete(digests));
            } catch (RuntimeException e) {
                results.add(internalError(check, null, e));
            }
        }
        // Evidence that is present is checked even when the check is optional, and every piece of it must hold.
        CheckResult combined = results.stream()
                .filter(result -> result.status() != Status.PASS)
                .findFirst()
                .orElse(results.get(0));
        return check == Check.SCAN ? scanKinds.requireKinds(combined, results, artifact.displayPath()) : combined;
    }

    private static CheckResult internalError(Check check, String evidence, RuntimeException e) {
        return CheckResult.fail(
                check,
                Code.INTERNAL_ERROR,
                evidence,
                "An internal error stopped the " + check.id() + " check" + (evidence == null ? "" : " of " + evidence)
                        + ": " + e + ".");
    }

    /** The checks asked for, in report order: signature, SBOM, scan. */
    private static List<Check> selected(Set<Check> checks) {
        return java.util.Arrays.stream(Check.values()).filter(checks::contains).toList();
    }

    private static ArtifactReport failedEverywhere(Artifact artifact, Set<Check> checks, Code code, String detail) {
        List<CheckResult> results = new ArrayList<>();
        for (Check check : selected(checks)) {
            results.add(CheckResult.fail(check, code, null, detail));
        }
        return new ArtifactReport(artifact.displayPath(), null, Verdict.FAIL, results);
    }

    private boolean allowed(EvidenceFormat format) {
        return switch (format.check()) {
            case SIGNATURE -> policy.signature().formats().contains(format.policyFormat());
            case SBOM -> policy.sbom().formats().contains(format.policyFormat());
            case SCAN -> policy.scan().formats().contains(format.policyFormat());
        };
    }

    private boolean required(Check check) {
        return switch (check) {
            case SIGNATURE -> policy.signature().required();
            case SBOM -> policy.sbom().required();
            case SCAN -> policy.scan().required();
        };
    }

    private String expectedNames(Check check, Artifact artifact) {
        return String.join(
                ", ",
                EvidenceLocator.DEFAULT_SUFFIXES.get(check).stream()
                        .map(suffix -> artifact.fileName() + suffix)
                        .toList());
    }
}
