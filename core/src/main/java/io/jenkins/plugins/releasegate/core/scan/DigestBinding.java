package io.jenkins.plugins.releasegate.core.scan;

import io.jenkins.plugins.releasegate.core.artifact.ArtifactDigests;
import io.jenkins.plugins.releasegate.core.artifact.DigestAlgorithm;
import io.jenkins.plugins.releasegate.core.scan.StatedArtifact.StatedDigest;
import io.jenkins.plugins.releasegate.core.verdict.Code;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether the digests a scan states for the artifact are the artifact's own. A scan that lists several files of the
 * artifact's name (a tree with two copies, say) binds when one of them matches in every digest the gate can compute.
 */
final class DigestBinding {

    private final List<StatedArtifact> stated;

    DigestBinding(List<StatedArtifact> stated) {
        this.stated = List.copyOf(stated);
    }

    Set<DigestAlgorithm> digestsNeeded() {
        Set<DigestAlgorithm> needed = EnumSet.noneOf(DigestAlgorithm.class);
        for (StatedArtifact artifact : stated) {
            artifact.digests().forEach(digest -> digest.algorithm().ifPresent(needed::add));
        }
        return needed;
    }

    /** Compares the stated digests with the artifact's. */
    Outcome verify(ArtifactDigests actual, String evidenceName, String artifactName) {
        if (stated.isEmpty()) {
            return Outcome.unbound();
        }
        Mismatch firstMismatch = null;
        for (StatedArtifact artifact : stated) {
            List<StatedDigest> known = artifact.digests().stream()
                    .filter(digest -> digest.algorithm().isPresent())
                    .toList();
            if (known.isEmpty()) {
                continue;
            }
            Optional<Mismatch> mismatch = firstMismatch(known, actual);
            if (mismatch.isEmpty()) {
                // MD5 and SHA-1 collide, so a match on them alone says less; the fact says which ones they are.
                String names = known.stream()
                        .map(digest ->
                                digest.algorithm().orElseThrow().strong() ? digest.name() : digest.name() + " (weak)")
                        .collect(Collectors.joining(", "));
                return Outcome.bound(names);
            }
            if (firstMismatch == null) {
                firstMismatch = mismatch.get();
            }
        }
        if (firstMismatch == null) {
            String names = stated.stream()
                    .flatMap(artifact -> artifact.digests().stream())
                    .map(StatedDigest::name)
                    .distinct()
                    .collect(Collectors.joining(", "));
            return Outcome.failed(
                    Code.SCAN_DIGEST_MISMATCH,
                    evidenceName + " states the digest of " + artifactName + " only as " + names
                            + ", which the gate cannot compute, so the scan check fails.");
        }
        return firstMismatch.outcome(evidenceName, artifactName);
    }

    private static Optional<Mismatch> firstMismatch(List<StatedDigest> known, ArtifactDigests actual) {
        for (StatedDigest digest : known) {
            DigestAlgorithm algorithm = digest.algorithm().orElseThrow();
            Optional<Boolean> matches = actual.matches(algorithm, digest.hex());
            if (matches.isEmpty() || !matches.get()) {
                return Optional.of(new Mismatch(digest, actual.hex(algorithm)));
            }
        }
        return Optional.empty();
    }

    private record Mismatch(StatedDigest stated, Optional<String> actualHex) {

        Outcome outcome(String evidenceName, String artifactName) {
            if (actualHex.isEmpty()) {
                // The gate computes every digest a pending check asks for, so this is the gate's fault, not the file's.
                return Outcome.failed(
                        Code.INTERNAL_ERROR,
                        "The gate did not compute the " + stated.name() + " digest of " + artifactName + " that "
                                + evidenceName + " states, so the scan check fails.");
            }
            return Outcome.failed(
                    Code.SCAN_DIGEST_MISMATCH,
                    evidenceName + " states " + stated.name() + " " + stated.hex() + " for " + artifactName + ", but "
                            + artifactName + " has " + stated.name() + " " + actualHex.get()
                            + ", so the scan is not about this artifact and the scan check fails.");
        }
    }

    /**
     * How the comparison ended.
     *
     * @param code the failure's code, or {@code null} when the binding holds or nothing was stated
     * @param detail the failure's sentence, or {@code null}
     * @param boundBy the digests that matched, for example {@code sha-256}, or {@code null}
     */
    record Outcome(Code code, String detail, String boundBy) {

        static Outcome unbound() {
            return new Outcome(null, null, null);
        }

        static Outcome bound(String boundBy) {
            return new Outcome(null, null, boundBy);
        }

        static Outcome failed(Code code, String detail) {
            return new Outcome(code, detail, null);
        }

        boolean failed() {
            return code != null;
        }
    }
}
