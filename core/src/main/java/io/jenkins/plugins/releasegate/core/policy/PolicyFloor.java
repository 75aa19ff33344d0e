package io.jenkins.plugins.releasegate.core.policy;

import io.jenkins.plugins.releasegate.core.verdict.Severity;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The rule that a pipeline's policy may tighten the global policy but never loosen it. The global policy is the
 * floor; the pipeline's policy applies only when nothing in it is looser than the floor, and every key it tried to
 * loosen is named at once.
 *
 * <p>Two parts inherit from the floor when the pipeline's policy leaves them empty, because an empty list there
 * cannot mean "trust nobody" or "waive nothing" by choice as much as "not said": the trust anchors and the
 * exceptions. When the pipeline's policy names some, they must be among the floor's: anchors compared by the SHA-256
 * of their file content, exceptions field by field. A floor that names no trust anchors does not say whom to trust,
 * so the pipeline's anchors are used as they are.
 */
public final class PolicyFloor {

    private PolicyFloor() {}

    /**
     * The effective policy of a pipeline: its own policy, with trust anchors and exceptions taken from the floor
     * where it names none.
     *
     * @throws LoosenedException when the pipeline's policy is looser than the floor anywhere; it names every key
     */
    public static Policy tighten(Policy floor, Policy pipeline) throws LoosenedException {
        List<String> loosenings = new ArrayList<>();
        mode(floor.mode(), pipeline.mode(), loosenings);
        excludes(floor.artifacts(), pipeline.artifacts(), loosenings);
        signature(floor.signature(), pipeline.signature(), loosenings);
        sbom(floor.sbom(), pipeline.sbom(), loosenings);
        scan(floor.scan(), pipeline.scan(), loosenings);
        exceptions(floor.exceptions(), pipeline.exceptions(), loosenings);
        if (!loosenings.isEmpty()) {
            throw new LoosenedException(loosenings);
        }

        TrustSources trust = pipeline.signature().trust().isEmpty()
                ? floor.signature().trust()
                : pipeline.signature().trust();
        SignaturePolicy signature = new SignaturePolicy(
                pipeline.signature().required(),
                pipeline.signature().formats(),
                trust,
                pipeline.signature().codeSigning(),
                pipeline.signature().signers(),
                pipeline.signature().evidence());
        List<PolicyExceptionRule> exceptions =
                pipeline.exceptions().isEmpty() ? floor.exceptions() : pipeline.exceptions();
        return new Policy(
                pipeline.mode(), pipeline.artifacts(), signature, pipeline.sbom(), pipeline.scan(), exceptions);
    }

    private static void mode(Mode floor, Mode pipeline, List<String> loosenings) {
        if (floor == Mode.ENFORCE && pipeline == Mode.AUDIT) {
            loosenings.add("mode: the global policy enforces, the pipeline's policy only audits");
        }
    }

    private static void excludes(ArtifactPatterns floor, ArtifactPatterns pipeline, List<String> loosenings) {
        List<String> added = missingFrom(floor.exclude(), pipeline.exclude());
        if (!added.isEmpty()) {
            loosenings.add("artifacts.exclude: the global policy excludes " + listOrNothing(floor.exclude())
                    + ", the pipeline's policy also " + String.join(", ", added));
        }
    }

    private static void signature(SignaturePolicy floor, SignaturePolicy pipeline, List<String> loosenings) {
        required("signature", "a signature", floor.required(), pipeline.required(), loosenings);
        formats("signature", floor.formats(), pipeline.formats(), loosenings);
        if (floor.codeSigning() && !pipeline.codeSigning()) {
            loosenings.add("signature.codeSigning: the global policy demands a code-signing certificate, the"
                    + " pipeline's policy does not");
        }
        if (floor.signers() == Signers.ALL && pipeline.signers() == Signers.ANY) {
            loosenings.add("signature.signers: the global policy needs every signer of a signature trusted (all), the"
                    + " pipeline's policy any one of them (any)");
        }
        evidence("signature", floor.evidence(), pipeline.evidence(), loosenings);
        trust(floor.trust(), pipeline.trust(), loosenings);
    }

    private static void sbom(SbomPolicy floor, SbomPolicy pipeline, List<String> loosenings) {
        required("sbom", "an SBOM", floor.required(), pipeline.required(), loosenings);
        formats("sbom", floor.formats(), pipeline.formats(), loosenings);
        if (floor.binding() == Binding.DIGEST && pipeline.binding() == Binding.NAME) {
            loosenings.add("sbom.binding: the global policy binds by digest, the pipeline's policy by name");
        }
        evidence("sbom", floor.evidence(), pipeline.evidence(), loosenings);
    }

    private static void scan(ScanPolicy floor, ScanPolicy pipeline, List<String> loosenings) {
        required("scan", "a scan", floor.required(), pipeline.required(), loosenings);
        formats("scan", floor.formats(), pipeline.formats(), loosenings);
        if (strictness(pipeline.failOn()) < strictness(floor.failOn())) {
            loosenings.add("scan.failOn: the global policy fails on " + failOnWord(floor.failOn())
                    + ", the pipeline's policy on " + failOnWord(pipeline.failOn()));
        }
        maxAge(floor.maxAge(), pipeline.maxAge(), loosenings);
        evidence("scan", floor.evidence(), pipeline.evidence(), loosenings);
        List<String> dropped = missingFrom(words(pipeline.requiredKinds()), words(floor.requiredKinds()));
        if (!dropped.isEmpty()) {
            loosenings.add("scan.requiredKinds: the global policy requires "
                    + String.join(", ", words(floor.requiredKinds())) + ", the pipeline's policy drops "
                    + String.join(", ", dropped));
        }
        toolKinds(floor.toolKinds(), pipeline.toolKinds(), loosenings);
    }

    private static void required(
            String section, String noun, boolean floor, boolean pipeline, List<String> loosenings) {
        if (floor && !pipeline) {
            loosenings.add(section + ".required: the global policy requires " + noun + ", the pipeline's policy"
                    + " does not");
        }
    }

    private static void formats(
            String section,
            Set<? extends PolicyWord> floor,
            Set<? extends PolicyWord> pipeline,
            List<String> loosenings) {
        List<String> added = missingFrom(words(floor), words(pipeline));
        if (!added.isEmpty()) {
            loosenings.add(section + ".formats: the global policy accepts " + listOrNothing(words(floor))
                    + ", the pipeline's policy also " + String.join(", ", added));
        }
    }

    /** Evidence that the floor looks for must still be looked for: present evidence is always verified. */
    private static void evidence(String section, List<String> floor, List<String> pipeline, List<String> loosenings) {
        List<String> dropped = missingFrom(pipeline, floor);
        if (!dropped.isEmpty()) {
            loosenings.add(section + ".evidence: the global policy also looks for " + String.join(", ", floor)
                    + ", the pipeline's policy does not look for " + String.join(", ", dropped));
        }
    }

    private static void maxAge(Optional<Duration> floor, Optional<Duration> pipeline, List<String> loosenings) {
        if (floor.isEmpty()) {
            return;
        }
        if (pipeline.isEmpty()) {
            loosenings.add("scan.maxAge: the global policy accepts scans up to " + age(floor.get())
                    + " old, the pipeline's policy sets no limit");
        } else if (pipeline.get().compareTo(floor.get()) > 0) {
            loosenings.add("scan.maxAge: the global policy accepts scans up to " + age(floor.get())
                    + " old, the pipeline's policy up to " + age(pipeline.get()));
        }
    }

    private static void toolKinds(
            Map<String, ScanKind> floor, Map<String, ScanKind> pipeline, List<String> loosenings) {
        for (Map.Entry<String, ScanKind> mapping : new TreeMap<>(pipeline).entrySet()) {
            ScanKind floorKind = floor.get(mapping.getKey());
            if (floorKind == null) {
                loosenings.add("scan.toolKinds: the global policy gives \"" + mapping.getKey()
                        + "\" no kind, the pipeline's policy makes it "
                        + mapping.getValue().word());
            } else if (floorKind != mapping.getValue()) {
                loosenings.add("scan.toolKinds: the global policy makes \"" + mapping.getKey() + "\" "
                        + floorKind.word() + ", the pipeline's policy "
                        + mapping.getValue().word());
            }
        }
    }

    private static void exceptions(
            List<PolicyExceptionRule> floor, List<PolicyExceptionRule> pipeline, List<String> loosenings) {
        Map<String, PolicyExceptionRule> granted = floor.stream()
                .collect(Collectors.toMap(PolicyExceptionRule::id, Function.identity(), (first, second) -> first));
        for (PolicyExceptionRule rule : pipeline) {
            PolicyExceptionRule same = granted.get(rule.id());
            if (same == null) {
                loosenings.add("exceptions: the global policy grants no exception " + rule.id()
                        + ", the pipeline's policy grants it, but only administrators grant exceptions");
            } else if (!same.equals(rule)) {
                loosenings.add("exceptions: the global policy grants " + rule.id() + " with " + differences(same, rule)
                        + ", but only administrators grant exceptions");
            }
        }
    }

    private static String differences(PolicyExceptionRule floor, PolicyExceptionRule pipeline) {
        List<String> fields = new ArrayList<>();
        difference("artifact", floor.artifact(), pipeline.artifact(), fields);
        difference("waive", floor.waive(), pipeline.waive(), fields);
        difference("reason", floor.reason(), pipeline.reason(), fields);
        difference("owner", floor.owner(), pipeline.owner(), fields);
        difference("ticket", floor.ticket(), pipeline.ticket(), fields);
        difference("expires", floor.expires(), pipeline.expires(), fields);
        return String.join(" and ", fields);
    }

    private static void difference(String field, Object floor, Object pipeline, List<String> fields) {
        if (!Objects.equals(floor, pipeline)) {
            fields.add(field + " " + floor + ", the pipeline's policy with " + field + " " + pipeline);
        }
    }

    private static void trust(TrustSources floor, TrustSources pipeline, List<String> loosenings) {
        if (floor.isEmpty() || pipeline.isEmpty()) {
            return;
        }
        trustFiles("certificates", floor.certificates(), pipeline.certificates(), loosenings);
        trustFiles("openpgpKeys", floor.openpgpKeys(), pipeline.openpgpKeys(), loosenings);
        trustFiles("publicKeys", floor.publicKeys(), pipeline.publicKeys(), loosenings);
    }

    private static void trustFiles(
            String key, List<TrustAnchor> floor, List<TrustAnchor> pipeline, List<String> loosenings) {
        Set<String> trusted = new LinkedHashSet<>();
        for (TrustAnchor anchor : floor) {
            contentDigest(anchor).ifPresent(trusted::add);
        }
        for (TrustAnchor anchor : pipeline) {
            String file = anchor.name();
            Optional<String> digest = contentDigest(anchor);
            if (digest.isEmpty()) {
                loosenings.add("signature.trust." + key + ": the pipeline's policy names " + file
                        + ", which cannot be read, so it cannot be shown to be one the global policy trusts");
            } else if (!trusted.contains(digest.get())) {
                loosenings.add("signature.trust." + key + ": the global policy does not trust " + file + " (SHA-256 "
                        + digest.get() + "), the pipeline's policy does");
            }
        }
    }

    private static Optional<String> contentDigest(TrustAnchor anchor) {
        try {
            return Optional.of(anchor.contentDigest(TrustAnchor.MAX_BYTES));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Lower is looser: {@code none} lets no finding fail, {@code low} lets any finding fail. */
    private static int strictness(Severity failOn) {
        return failOn == Severity.NONE ? 0 : Severity.CRITICAL.ordinal() - failOn.ordinal() + 1;
    }

    private static String failOnWord(Severity failOn) {
        return failOn == Severity.NONE ? "no finding (none)" : failOn.id();
    }

    private static String age(Duration age) {
        if (age.toMinutes() % (24 * 60) == 0) {
            return age.toDays() + "d";
        }
        return age.toMinutes() % 60 == 0 ? age.toHours() + "h" : age.toMinutes() + "m";
    }

    private static List<String> words(Collection<? extends PolicyWord> words) {
        return words.stream().map(PolicyWord::word).sorted().toList();
    }

    /** The entries of {@code candidate} that {@code allowed} lacks, in the candidate's order. */
    private static List<String> missingFrom(List<String> allowed, List<String> candidate) {
        return candidate.stream().filter(entry -> !allowed.contains(entry)).toList();
    }

    private static String listOrNothing(List<String> entries) {
        return entries.isEmpty() ? "nothing" : String.join(", ", entries);
    }

    /** A pipeline's policy that is looser than the global policy; names every key it tried to loosen. */
    public static final class LoosenedException extends Exception {

        private static final long serialVersionUID = 1L;

        private final List<String> loosenings;

        LoosenedException(List<String> loosenings) {
            super("The pipeline's policy tries to loosen the global policy: " + String.join("; ", loosenings) + ".");
            this.loosenings = List.copyOf(loosenings);
        }

        /** One entry per loosening, each starting with the key, for example {@code scan.failOn: ...}. */
        public List<String> loosenings() {
            return loosenings;
        }
    }
}
