package io.jenkins.plugins.releasegate.core.policy;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;

/**
 * Where an exception stands on a given day: how many days it still waives, and whether it ends soon or has ended.
 * An exception waives through the end of its {@code expires} day in UTC, so on that day one day is left.
 *
 * @param rule the exception
 * @param daysLeft the days on which it still waives, today included; 0 once it has expired
 * @param state active, ending soon or expired
 */
public record ExceptionStanding(PolicyExceptionRule rule, long daysLeft, State state) {

    /** An exception ending within this many days is flagged wherever it is shown. */
    public static final int ENDING_SOON_DAYS = 14;

    /** How an exception stands. */
    public enum State {
        ACTIVE,
        ENDING_SOON,
        EXPIRED
    }

    /** The standing of {@code rule} at {@code now}, counted in UTC days. */
    public static ExceptionStanding of(PolicyExceptionRule rule, ZonedDateTime now) {
        long daysLeft = daysLeft(rule.expires(), now);
        State state;
        if (daysLeft == 0) {
            state = State.EXPIRED;
        } else if (daysLeft <= ENDING_SOON_DAYS) {
            state = State.ENDING_SOON;
        } else {
            state = State.ACTIVE;
        }
        return new ExceptionStanding(rule, daysLeft, state);
    }

    /** The days on which an exception that waives through {@code expires} still waives, today included (UTC). */
    public static long daysLeft(LocalDate expires, ZonedDateTime now) {
        LocalDate today = now.withZoneSameInstant(ZoneOffset.UTC).toLocalDate();
        return Math.max(0, ChronoUnit.DAYS.between(today, expires) + 1);
    }

    /** One sentence for people, e.g. "ends in 3 days (2027-01-31)" or "expired on 2027-01-31". */
    public String describe() {
        return switch (state) {
            case EXPIRED -> "expired on " + rule.expires() + " and waives nothing";
            case ENDING_SOON, ACTIVE ->
                daysLeft == 1
                        ? "ends today (" + rule.expires() + ")"
                        : "ends in " + daysLeft + " days (" + rule.expires() + ")";
        };
    }
}
