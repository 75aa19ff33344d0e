package io.jenkins.plugins.releasegate.core.policy;

import io.jenkins.plugins.releasegate.core.artifact.AntPattern;
import io.jenkins.plugins.releasegate.core.verdict.Check;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * An exception the policy grants: a recorded decision to waive one check, or one finding, for the artifacts a pattern
 * matches, until the end of a day.
 *
 * @param id the exception's id, unique in the policy
 * @param artifact the artifact pattern it applies to; {@code **} for every artifact
 * @param waive what it waives: {@code signature}, {@code sbom}, {@code scan} or {@code finding:<id>}
 * @param reason why
 * @param owner who answers for it
 * @param ticket where it is recorded, or {@code null}
 * @param expires the last day (UTC) on which it waives anything
 */
public record PolicyExceptionRule(
        String id, String artifact, String waive, String reason, String owner, String ticket, LocalDate expires) {

    public static final String FINDING_PREFIX = "finding:";

    /** The check this exception waives as a whole, or empty when it waives one finding. */
    public Optional<Check> waivedCheck() {
        for (Check check : Check.values()) {
            if (check.id().equals(waive)) {
                return Optional.of(check);
            }
        }
        return Optional.empty();
    }

    /** The finding id this exception waives, or empty when it waives a whole check. */
    public Optional<String> waivedFinding() {
        return waive.startsWith(FINDING_PREFIX)
                ? Optional.of(waive.substring(FINDING_PREFIX.length()))
                : Optional.empty();
    }

    public boolean appliesTo(String artifactPath) {
        return AntPattern.compile(artifact).matches(artifactPath);
    }

    /** Whether the exception still waives at the given instant: through the end of its expiry day in UTC. */
    public boolean activeAt(ZonedDateTime now) {
        return !now.withZoneSameInstant(ZoneOffset.UTC).toLocalDate().isAfter(expires);
    }
}
