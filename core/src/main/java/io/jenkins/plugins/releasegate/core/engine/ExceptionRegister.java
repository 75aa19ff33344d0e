package io.jenkins.plugins.releasegate.core.engine;

import io.jenkins.plugins.releasegate.core.evidence.FindingWaivers;
import io.jenkins.plugins.releasegate.core.policy.PolicyExceptionRule;
import io.jenkins.plugins.releasegate.core.verdict.CheckResult;
import io.jenkins.plugins.releasegate.core.verdict.ExceptionUse;
import io.jenkins.plugins.releasegate.core.verdict.Status;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The policy's exceptions as they stand at one moment: which still waive, which have expired, and what each covers.
 */
public final class ExceptionRegister {

    private final List<PolicyExceptionRule> rules;
    private final ZonedDateTime now;

    public ExceptionRegister(List<PolicyExceptionRule> rules, ZonedDateTime now) {
        this.rules = List.copyOf(rules);
        this.now = now.withZoneSameInstant(ZoneOffset.UTC);
    }

    /**
     * Applies the exceptions that waive a whole check to its result. A check that passed stays as it is; a failed or
     * missing one becomes waived when an exception in force covers it. Expired exceptions waive nothing, but the
     * result names them so the report can say they expired.
     */
    public CheckResult apply(String artifactPath, CheckResult result) {
        if (result.status() == Status.PASS) {
            return result;
        }
        List<ExceptionUse> uses = rules.stream()
                .filter(rule ->
                        rule.waivedCheck().filter(result.check()::equals).isPresent())
                .filter(rule -> rule.appliesTo(artifactPath))
                .map(this::use)
                .toList();
        if (uses.isEmpty()) {
            return result;
        }
        List<ExceptionUse> all = concat(result.exceptions(), uses);
        Optional<ExceptionUse> active =
                uses.stream().filter(use -> !use.expired()).findFirst();
        if (active.isPresent()) {
            ExceptionUse waiver = active.get();
            String detail = "Waived by exception " + waiver.id() + " (owner " + waiver.owner() + ", until "
                    + waiver.expires() + "): " + result.detail();
            return result.withStatus(Status.WAIVED, detail, all);
        }
        String expired = uses.stream()
                .map(use -> use.id() + " expired on " + use.expires())
                .collect(Collectors.joining(", "));
        return result.withStatus(
                result.status(), result.detail() + " Exception " + expired + ", so it waives nothing.", all);
    }

    /**
     * The exceptions that may waive single findings of one artifact. Two artifacts that the same finding exceptions
     * cover get equal answers, so that a report read for one of them can be weighed once for both.
     */
    public FindingWaivers findingWaivers(String artifactPath) {
        List<PolicyExceptionRule> applicable = rules.stream()
                .filter(rule -> rule.waivedFinding().isPresent())
                .filter(rule -> rule.appliesTo(artifactPath))
                .toList();
        return new ArtifactWaivers(applicable, this);
    }

    /** Whether an exception still waives now: through the end of its expiry day in UTC. */
    public boolean inForce(PolicyExceptionRule rule) {
        return rule.activeAt(now);
    }

    private ExceptionUse use(PolicyExceptionRule rule) {
        return new ExceptionUse(rule.id(), rule.waive(), rule.owner(), rule.ticket(), rule.expires(), !inForce(rule));
    }

    /** The finding exceptions that cover one artifact; equal for artifacts that the same exceptions cover. */
    private record ArtifactWaivers(List<PolicyExceptionRule> rules, ExceptionRegister register)
            implements FindingWaivers {

        @Override
        public Optional<ExceptionUse> lookup(String findingId) {
            List<ExceptionUse> uses = rules.stream()
                    .filter(rule ->
                            rule.waivedFinding().filter(findingId::equals).isPresent())
                    .map(register::use)
                    .toList();
            return uses.stream()
                    .filter(use -> !use.expired())
                    .findFirst()
                    .or(() -> uses.stream().findFirst());
        }

        @Override
        public boolean waivesNothing() {
            return rules.isEmpty();
        }
    }

    private static List<ExceptionUse> concat(List<ExceptionUse> first, List<ExceptionUse> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream())
                .distinct()
                .toList();
    }
}
